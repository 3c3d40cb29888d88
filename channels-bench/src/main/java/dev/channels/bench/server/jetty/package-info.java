/** The bench server on Jetty 12 (ee10 Jakarta WebSocket), for the runner comparison; bench only. */
package dev.channels.bench.server.jetty;
