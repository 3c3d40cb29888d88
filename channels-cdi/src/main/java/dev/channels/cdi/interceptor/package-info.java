/**
 * Interceptor bindings for the standard middleware of channels-api, to put on handler beans or
 * observer methods: {@link dev.channels.cdi.interceptor.Recover}, {@link dev.channels.cdi.interceptor.Logged},
 * {@link dev.channels.cdi.interceptor.Metered}, {@link dev.channels.cdi.interceptor.HandlerTimeout},
 * running in that order (outermost first, see {@link dev.channels.cdi.interceptor.InterceptorPriorities}).
 * The interceptors are enabled for the whole application by their {@code @Priority}.
 */
package dev.channels.cdi.interceptor;
