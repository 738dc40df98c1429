/** A server id no Nova will ever have: schema-valid requests on it answer 404 after validation. */
export const UNKNOWN_SERVER_ID = '9c4a3b1e-5d2f-4e8a-b7c6-0a1b2c3d4e5f';
