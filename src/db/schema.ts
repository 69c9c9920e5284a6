// Every module's tables, gathered for the query builder. Modules own their tables;
// other modules call their functions rather than reading these directly.
export * from '../modules/users/schema.js';
export * from '../modules/audit/schema.js';
export * from '../modules/settings/schema.js';
export * from '../modules/groups/schema.js';
export * from '../modules/custom-fields/schema.js';
export * from '../modules/customers/schema.js';
export * from '../modules/timeline/schema.js';
export * from '../modules/orders/schema.js';
export * from '../modules/imports/schema.js';
export * from '../modules/messaging/schema.js';
