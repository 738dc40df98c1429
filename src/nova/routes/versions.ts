/** Version document inside the API (`/v2.1[/{project_id}]/`, `/versions/{id}`). Pure. */
import { versionDocument } from '../version-documents.js';
import type { ApiCall } from './api-call.js';
import { okJson, type Reply } from './respond.js';

/** `VersionsV2.index`: the v2.1 document, or v2.0 on the legacy endpoint. */
export function showVersionInsideApi(call: ApiCall): Reply {
  return okJson(versionDocument(call.origin, call.target, call.legacyV2));
}
