// TLS handshake messages after the hellos: the input is a message type (1 byte), the session's
// version and cipher suite (2 bytes each), then the body. parse_tls_message picks the form from
// them; a parsed form round-trips byte for byte, an opaque one is the body itself, an error
// points inside the body.
#include <wirecraft/proto/tls_messages.hpp>

#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    input_reader input{as_bytes(data, size)};
    const auto type = static_cast<wc::tls_handshake_type>(input.u8());
    const std::uint16_t version = input.u16();
    const std::uint16_t cipher_suite = input.u16();
    const bytes_view body = input.in;
    const auto message = wc::parse_tls_message(type, body, {version, cipher_suite});
    if (!message) {
        check_error(message.error());
        if (message.error().offset > body.size()) fail("an error's offset must lie within the body", to_string(message.error()));
        return 0;
    }
    std::visit(
        [&](const auto& m) {
            using M = std::remove_cvref_t<decltype(m)>;
            if constexpr (std::is_same_v<M, wc::tls_opaque_message>) {
                if (m.body.data() != body.data() || m.body.size() != body.size()) fail("an opaque message must be the whole body", "");
            } else {
                if (m.size() != body.size()) fail("a message must fill its body", wc::to_string(m));
                check_layer(m);
            }
        },
        *message);
    return 0;
}
