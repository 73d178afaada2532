export * from './admin-units';
export * from './commune-search';
export * from './legacy-csv';
export { foldText } from './fold';
