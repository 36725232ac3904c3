export { type Console, type ConsoleDependencies, createConsole } from './create-console';
