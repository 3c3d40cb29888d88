package dev.channels.it.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Jakarta REST under {@code /api}: {@link ChannelsResource}. */
@ApplicationPath(RestApplication.PATH)
public class RestApplication extends Application {

    /** The application path. */
    public static final String PATH = "api";
}
