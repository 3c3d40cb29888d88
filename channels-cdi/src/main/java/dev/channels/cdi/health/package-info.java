/**
 * MicroProfile Health integration: the readiness check
 * {@link dev.channels.cdi.health.ChannelsReadinessCheck}, added only when MicroProfile Health is present.
 */
package dev.channels.cdi.health;
