/** A client application on the module path: needs nothing but {@code dev.channels.client}. */
module dev.channels.it.modulepath {
    requires dev.channels.client;
}
