/**
 * The standalone bootstrap: CDI SE (Weld SE) plus the Tyrus standalone server, in one call
 * ({@link dev.channels.cdi.se.ChannelsSe}). The only package of channels-cdi that uses Tyrus.
 */
package dev.channels.cdi.se;
