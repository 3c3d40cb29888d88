/**
 * The placeholder sample application that every container test deploys: a portable JSR-356
 * endpoint at {@code /ws/{channelId}} that speaks the channels wire format through
 * {@code channels-api}'s codec, an application-scoped CDI bean it shares with a servlet, and a
 * programmatic endpoint registered by a {@code ServerApplicationConfig}.
 *
 * <p>It proves what the real library needs from a server (deployment, WebSocket upgrade, CDI
 * injection and lookup, the server's JSON-B) and is meant to be replaced by the real sample
 * application built on {@code channels-tyrus} and {@code channels-cdi}.
 */
package dev.channels.it.sample;
