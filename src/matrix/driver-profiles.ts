/**
 * Driver profiles among a matrix's profiles: parsed (a malformed id is an error naming it,
 * before anything starts) and replaced by the name their cells carry (`as=`). Pure.
 */
import type { MatrixDefinition } from './definition.js';
import { matrixError, profilePath } from './definition.js';
import { isMvmError } from '../errors.js';
import { isDriverProfileId, parseDriverProfileId, type DriverProfileSpec } from '../clients/driver-profile-id.js';

export function withDriverProfiles(definition: MatrixDefinition): { definition: MatrixDefinition; specs: DriverProfileSpec[] } {
  if (definition.profiles === 'all') return { definition, specs: [] };
  const specs: DriverProfileSpec[] = [];
  const profiles = definition.profiles.map((id, i) => {
    if (!isDriverProfileId(id)) return id;
    let spec: DriverProfileSpec;
    try {
      spec = parseDriverProfileId(id);
    } catch (error) {
      if (isMvmError(error)) throw matrixError(definition, profilePath(definition, i), error.message, error.hint);
      throw error;
    }
    if (specs.some((s) => s.name === spec.name)) {
      throw matrixError(definition, profilePath(definition, i), `two driver profiles carry the name '${spec.name}'`, 'give each a different as=<name>');
    }
    specs.push(spec);
    return spec.name;
  });
  return { definition: { ...definition, profiles }, specs };
}
