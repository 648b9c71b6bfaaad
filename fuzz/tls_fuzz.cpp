// TLS records: a stream of them, each through the round-trip properties and both record length
// bounds; alerts, ChangeCipherSpec and the handshake messages inside, and the hellos among those
// through tls_hello's checks.
#include "tls_hello_checks.hpp"

namespace {
using namespace wcfuzz;

void handshake_messages(bytes_view fragment) {
    for (int m = 0; m < 64 && !fragment.empty(); ++m) {
        auto message = round_trip<wc::tls_handshake>(fragment);
        if (!message) return;
        if (message->get<"msg_type">() == wc::tls_handshake_type::client_hello) check_tls_hello<wc::tls_client_hello>(message->payload());
        if (message->get<"msg_type">() == wc::tls_handshake_type::server_hello) check_tls_hello<wc::tls_server_hello>(message->payload());
        fragment = fragment.subspan(message->bytes().size());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    bytes_view in = as_bytes(data, size);
    for (int n = 0; n < 64 && !in.empty(); ++n) {
        auto record = round_trip<wc::tls_record>(in);
        if (!record) break;
        for (auto p : {wc::tls_record_protection::plaintext, wc::tls_record_protection::tls_1_3_ciphertext})
            if (auto e = wc::check_record_length(*record, p)) check_error(*e);
        switch (record->get<"content_type">()) {
            case wc::tls_content_type::alert: (void)round_trip<wc::tls_alert>(record->payload()); break;
            case wc::tls_content_type::change_cipher_spec: (void)round_trip<wc::tls_change_cipher_spec>(record->payload()); break;
            case wc::tls_content_type::handshake: handshake_messages(record->payload()); break;
            default: break;
        }
        in = in.subspan(record->bytes().size());
    }
    return 0;
}
