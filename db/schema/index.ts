export * from './tenancy';
export * from './people';
export * from './organizations';
export * from './invitations';
export * from './messages';
export * from './audit';
