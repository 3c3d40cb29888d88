/**
 * Machinery behind the CDI API, not for applications: the runtime bean that builds and owns the
 * server, the observer-backed handlers, the lifecycle bridge, declaration checks, settings.
 */
package dev.channels.cdi.internal;
