/** The links the dashboard builds from report data live in contract/ (notifications build them too). */
export * from '../contract/links.js';
