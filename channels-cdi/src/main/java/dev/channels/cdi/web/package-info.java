/**
 * The channel endpoint in a Jakarta EE web container: a {@code ServletContainerInitializer} found in
 * {@code WEB-INF/lib} registers {@code {base}/{channelId}} with the container's WebSocket
 * {@code ServerContainer}. Refers to no Tyrus class.
 */
package dev.channels.cdi.web;
