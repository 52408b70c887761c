export const hello = 'oip';
