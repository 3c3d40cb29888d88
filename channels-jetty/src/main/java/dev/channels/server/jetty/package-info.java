/**
 * The standalone runner on Jetty 12 (ee10) and Jetty's Jakarta WebSocket implementation
 * ({@link dev.channels.server.jetty.JettyChannelServer}, {@link dev.channels.server.RunnerOptions})
 * and the demo on it ({@link dev.channels.server.jetty.JettyDemoServer}).
 */
package dev.channels.server.jetty;
