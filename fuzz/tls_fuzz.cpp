// TLS: records one after another, the handshake messages in handshake records, and hellos with
// every typed extension body (the ClientHello forms of tlv_bodies, and the ServerHello forms by
// name). The first input byte picks where to start: 0 a stream of records, 1 a ClientHello
// body, 2 a ServerHello body, 3 an SSL 2.0 ClientHello.
#include "fuzz.hpp"

#include <wirecraft/proto/tls.hpp>
#include <wirecraft/proto/tls_hello.hpp>

namespace {
using namespace wcfuzz;
using ext = wc::tls_extension_type;

template <class Hello, wc::tls_extension_type... Types>
void read_bodies(const wc::view<Hello>& hello) {
    ((void)wc::extension_body<Types>(hello), ...);
}
template <class Hello, class... Entries>
void read_all_bodies(const wc::view<Hello>& hello, wc::tlv_body_list<Entries...>) {
    read_bodies<Hello, Entries::kind...>(hello);
}

template <class Hello>
void hello_body(bytes_view body) {
    auto hello = wc::parse_tls_hello<Hello>(body);
    if (!hello) {
        check_error(hello.error());
        return;
    }
    check_layer(*hello);
    read_all_bodies(*hello, tlv_bodies(ext{}));
    if constexpr (std::is_same_v<Hello, wc::tls_client_hello>) {
        (void)wc::tls_server_name_of(*hello);
    } else {
        (void)wc::is_hello_retry_request(*hello);
        (void)wc::negotiated_version(*hello);
        (void)wc::extension_body<wc::tls_key_share_entry>(*hello, ext::key_share);
        (void)wc::extension_body<wc::tls_key_share_retry>(*hello, ext::key_share);
        (void)wc::extension_body<wc::tls_pre_shared_key_server>(*hello, ext::pre_shared_key);
    }
}

void records(bytes_view in) {
    for (int n = 0; n < 64 && !in.empty(); ++n) {
        auto record = round_trip<wc::tls_record>(in);
        if (!record) return;
        for (auto p : {wc::tls_record_protection::plaintext, wc::tls_record_protection::tls_1_3_ciphertext})
            if (auto e = wc::check_record_length(*record, p)) check_error(*e);
        auto fragment = record->payload();
        switch (record->get<"content_type">()) {
            case wc::tls_content_type::alert: (void)round_trip<wc::tls_alert>(fragment); break;
            case wc::tls_content_type::change_cipher_spec: (void)round_trip<wc::tls_change_cipher_spec>(fragment); break;
            case wc::tls_content_type::handshake:
                for (int m = 0; m < 64 && !fragment.empty(); ++m) {
                    auto message = round_trip<wc::tls_handshake>(fragment);
                    if (!message) break;
                    if (message->get<"msg_type">() == wc::tls_handshake_type::client_hello) hello_body<wc::tls_client_hello>(message->payload());
                    if (message->get<"msg_type">() == wc::tls_handshake_type::server_hello) hello_body<wc::tls_server_hello>(message->payload());
                    fragment = fragment.subspan(message->bytes().size());
                }
                break;
            default: break;
        }
        in = in.subspan(record->bytes().size());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const bytes_view in = as_bytes(data, size).subspan(1);
    switch (data[0] % 4) {
        case 0: records(in); break;
        case 1: hello_body<wc::tls_client_hello>(in); break;
        case 2: hello_body<wc::tls_server_hello>(in); break;
        default: (void)wc::recognise_sslv2_client_hello(in); break;
    }
    return 0;
}
