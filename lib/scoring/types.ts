export type Direction = 'up' | 'down' | 'within';
export type Aggregation = 'sum' | 'last' | 'average' | 'min' | 'max';
export type RollupMethod = 'sum' | 'average' | 'weighted_average' | 'min' | 'max';
export type Status = 'on_track' | 'at_risk' | 'off_track' | 'no_data';
export type StatusThresholds = { green: number; amber: number };
/** A single value for `up`/`down`, a band for `within`. */
export type Target = { value: number } | { low: number; high: number };
