/** The protocol's version. Bump it on any change that an older peer could misread. */
export const PROTOCOL_VERSION = 1;
