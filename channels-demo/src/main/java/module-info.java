/**
 * The demo application ({@link dev.channels.demo.DemoApp}: handlers, options, chat page) and its
 * main ({@link dev.channels.demo.DemoServer}), which starts it on either standalone runner. Not
 * published: the runners' artifacts carry no demo code.
 */
module dev.channels.demo {
    requires dev.channels.tyrus;
    requires dev.channels.jetty;
    requires dev.channels.auth.jwt; // private-* rooms: tokens
    requires static dev.channels.redis; // --redis
    // Not required: the chat page's client, the channels-js WebJar (automatic module dev.channels.web,
    // resources only; a reactor build has it as a folder, which has no module name). With only a module
    // path, add "--add-modules dev.channels.web" to serve the page's client.

    exports dev.channels.demo;
    // The chat page is in class-path folder channels-demo/: not a package name, so a named module
    // does not encapsulate it and the runners find it through the class loader.
}
