/**
 * The standalone runner on Jetty 12 (ee10) and Jetty's Jakarta WebSocket implementation
 * ({@link dev.channels.server.jetty.JettyChannelServer}, {@link dev.channels.server.RunnerOptions}).
 */
package dev.channels.server.jetty;
