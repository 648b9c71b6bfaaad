// TLS connections in a capture: the input is a capture file; every frame goes to a
// tls_connection_tracker, then finish() gives up on the gaps left. Whatever the frames, each
// direction ends drained or with an error saying why, a path stays within its limit and prints,
// an SSL 2.0 ServerHello is only recorded after an SSL 2.0 ClientHello, and the hellos the
// observer kept parse or fail with a precise error.
#include <wirecraft/flow/tls_connections.hpp>

#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    auto reader = wc::capture_reader::open(as_bytes(data, size));
    if (!reader) return 0;
    wc::tls_connection_limits limits;
    limits.max_connections = 64;
    limits.observer.max_path_steps = 32;
    wc::tls_connection_tracker tracker(limits);
    for (;;) {
        auto p = reader->next();
        if (!p || !*p) break;
        tracker.add_frame((**p).data, static_cast<std::uint32_t>((**p).link));
    }
    tracker.finish();
    if (tracker.connections().size() > limits.max_connections) fail("the tracker keeps at most max_connections", "");
    for (const auto& c : tracker.connections()) {
        for (std::size_t side = 0; side < 2; ++side) {
            if (c.streams[side].buffered() != 0 && !c.errors[side]) fail("after finish() a direction is drained or says why not", "");
            if (c.errors[side]) check_error(*c.errors[side]);
        }
        const auto& o = c.observer;
        if (o.path().size() > limits.observer.max_path_steps) fail("a path stays within max_path_steps", std::to_string(o.path().size()));
        for (const auto& step : o.path()) (void)wc::to_string(step);
        if (o.sslv2().server_hello && !o.sslv2().client_hello) fail("an SSL 2.0 ServerHello only answers an SSL 2.0 ClientHello", "");
        if (const auto hello = wc::parse_tls_hello<wc::tls_client_hello>(o.client_hello()); !hello && !o.client_hello().empty())
            check_error(hello.error());
        if (const auto hello = wc::parse_tls_hello<wc::tls_server_hello>(o.server_hello()); !hello && !o.server_hello().empty())
            check_error(hello.error());
        for (const auto* machine : {&o.client().context(), &o.server().context()})
            if (machine->failure) (void)wc::to_string(*machine->failure);
    }
    return 0;
}
