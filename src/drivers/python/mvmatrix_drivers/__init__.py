"""mvmatrix's real-client drivers (docs/drivers.md)."""
