/**
 * The micro-wish domain 微心愿, by concept: status (the machine), rules (views, due times;
 * pure), access (who sees and acts), wishes (posting and lists), moves (status changes),
 * sweep (the scheduled job). Handlers and tests import from here.
 */
export * from './status';
export * from './rules';
export * from './wishes';
export * from './moves';
export * from './sweep';
