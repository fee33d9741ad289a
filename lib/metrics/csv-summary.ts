/** Shared by the server's refusal and the preview page: "1,204 rows: 1,203 ready, 1 with problems". */
export function issuesSummary(rowCount: number, issueCount: number) {
  const n = (count: number) => count.toLocaleString('en-US');
  return `${n(rowCount)} ${rowCount === 1 ? 'row' : 'rows'}: ${n(rowCount - issueCount)} ready, ${n(issueCount)} with problems`;
}

export const plural = (count: number, one: string, many: string) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
