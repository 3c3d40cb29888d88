/** The bench server on Undertow (undertow-websockets-jsr), for the runner comparison; bench only. */
package dev.channels.bench.server.undertow;
