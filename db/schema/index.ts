export * from './tenancy';
export * from './people';
export * from './organizations';
export * from './audit';
