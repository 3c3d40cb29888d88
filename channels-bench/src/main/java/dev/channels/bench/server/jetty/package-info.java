/**
 * The bench server on Jetty 12 (ee10 Jakarta WebSocket) through channels-jetty's production runner
 * ({@code JettyChannelServer}), so the runner comparison measures what ships.
 */
package dev.channels.bench.server.jetty;
