// TLS records: a stream of them, each through the round-trip properties and both record length
// bounds; alerts, ChangeCipherSpec and the handshake messages inside, and the hellos among those
// through tls_hello's checks. The same bytes also go through tls_reader whole and in small
// pieces: both ways must give the same records, messages and verdict, within the bounds.
#include <wirecraft/flow/tls_reader.hpp>

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

struct reading {
    std::vector<std::size_t> records, messages;
    std::optional<wc::error> failure;
    std::size_t most_buffered = 0;
};

reading read_in_pieces(bytes_view in, std::size_t piece) {
    reading out;
    wc::tls_reader tls(wc::tls_reader_limits{.max_handshake_message = 4096});
    for (std::size_t at = 0; at < in.size() && !out.failure; at += piece) {
        out.failure = tls.add(
            in.subspan(at, std::min(piece, in.size() - at)), [&](const auto& r) { out.records.push_back(r.bytes().size()); },
            [&](const auto& m) { out.messages.push_back(m.bytes().size()); });
        out.most_buffered = std::max(out.most_buffered, tls.buffered());
    }
    return out;
}

void check_reader(bytes_view in) {
    const auto whole = read_in_pieces(in, in.size() ? in.size() : 1);
    const auto pieces = read_in_pieces(in, in.size() % 13 + 1);
    if (whole.records != pieces.records || whole.messages != pieces.messages || whole.failure.has_value() != pieces.failure.has_value())
        fail("tls_reader: pieces must read as the whole", std::to_string(in.size() % 13 + 1) + "-byte pieces");
    if (pieces.most_buffered > wc::tls_record_header_size + wc::tls_max_ciphertext_1_2 + 4 + 4096)
        fail("tls_reader: more buffered than one record and one message", std::to_string(pieces.most_buffered));
    if (pieces.failure) check_error(*pieces.failure);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    bytes_view in = as_bytes(data, size);
    check_reader(in);
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
