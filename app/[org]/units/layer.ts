export function layerLabel(kind: 'company' | 'department' | 'team'): string {
  return { company: 'Company', department: 'Department', team: 'Team' }[kind];
}
