// The handshake messages after the hellos: every one in the TLS captures, reassembled per TCP
// direction, against the fields tshark decodes from it with its own reassembly
// (tests/data/expected/tls_messages.tsv, from tests/data/tls_messages_expected.py), each
// re-serialized byte for byte; then each form crafted against its RFC layout, the errors, the
// choice of form from the session's facts.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include <wirecraft/proto/tls_messages.hpp>
#include <wirecraft/wirecraft.hpp>

#include "support/corpus.hpp"
#include "support/tls_streams.hpp"

namespace wc = wirecraft;

namespace {

template <class Range>
std::string numbers(const Range& values) {
    std::string s;
    for (auto v : values) {
        if (!s.empty()) s += ',';
        s += std::to_string(static_cast<unsigned long long>(v));
    }
    return s.empty() ? "-" : s;
}
template <class Range>
std::string sizes(const Range& items) {
    std::string s;
    for (auto item : items) {
        if (!s.empty()) s += ',';
        s += std::to_string(item.size());
    }
    return s.empty() ? "-" : s;
}
std::string pair(std::string_view key, const std::string& value) {
    std::string s(key);
    s += '=';
    s += value;
    return s;
}
std::string joined(const std::vector<std::string>& parts) {
    std::string s;
    for (const auto& p : parts) {
        if (!s.empty()) s += ';';
        s += p;
    }
    return s.empty() ? "-" : s;
}

template <class List>
std::string extension_types(const List& extensions) {
    std::vector<unsigned> types;
    for (auto e : extensions) types.push_back(static_cast<unsigned>(e.kind));
    return numbers(types);
}

// The message's fields in the oracle's key=value form.
std::string details(const wc::tls_message& message) {
    return std::visit(
        [](const auto& m) -> std::string {
            using M = std::remove_cvref_t<decltype(m)>;
            if constexpr (std::is_same_v<M, wc::view<wc::tls_certificate>>) {
                const auto list = m.template get<"certificates">();
                return joined({pair("certificates_length", std::to_string(list.bytes().size())), pair("certificate_lengths", sizes(list))});
            } else if constexpr (std::is_same_v<M, wc::view<wc::tls_server_key_exchange_ecdhe>> ||
                                 std::is_same_v<M, wc::view<wc::tls_server_key_exchange_ecdhe_1_0>> ||
                                 std::is_same_v<M, wc::view<wc::tls_server_key_exchange_dhe>> ||
                                 std::is_same_v<M, wc::view<wc::tls_server_key_exchange_dhe_1_0>>) {
                const auto parameters = m.template get<"parameters">();
                const auto signature = m.template get<"signature">();
                std::vector<std::string> parts;
                if constexpr (std::is_same_v<std::remove_cvref_t<decltype(parameters)>, wc::view<wc::tls_ecdh_parameters>>) {
                    parts = {pair("curve_type", std::to_string(parameters.template get<"curve_type">())),
                             pair("named_curve", std::to_string(parameters.template get<"named_curve">())),
                             pair("point_length", std::to_string(parameters.template get<"public_key">().size()))};
                } else {
                    parts = {pair("p_length", std::to_string(parameters.template get<"p">().size())),
                             pair("g_length", std::to_string(parameters.template get<"g">().size())),
                             pair("ys_length", std::to_string(parameters.template get<"public_key">().size()))};
                }
                if constexpr (std::is_same_v<std::remove_cvref_t<decltype(signature)>, wc::view<wc::tls_signature>>)
                    parts.push_back(pair("signature_algorithm", std::to_string(signature.template get<"algorithm">())));
                else
                    parts.push_back(pair("signature_algorithm", "-"));
                parts.push_back(pair("signature_length", std::to_string(signature.template get<"signature">().size())));
                return joined(parts);
            } else if constexpr (std::is_same_v<M, wc::view<wc::tls_certificate_request_1_0>> ||
                                 std::is_same_v<M, wc::view<wc::tls_certificate_request>>) {
                std::string algorithms = "-";
                if constexpr (std::is_same_v<M, wc::view<wc::tls_certificate_request>>) algorithms = numbers(m.template get<"signature_algorithms">());
                const auto names = m.template get<"certificate_authorities">();
                return joined({pair("certificate_types", numbers(m.template get<"certificate_types">())), pair("signature_algorithms", algorithms),
                               pair("distinguished_names_length", std::to_string(names.bytes().size())),
                               pair("distinguished_name_lengths", sizes(names))});
            } else if constexpr (std::is_same_v<M, wc::view<wc::tls_client_key_exchange_ecdh>>) {
                return pair("point_length", std::to_string(m.template get<"public_key">().size()));
            } else if constexpr (std::is_same_v<M, wc::view<wc::tls_client_key_exchange_dh>>) {
                return pair("yc_length", std::to_string(m.template get<"public_key">().size()));
            } else if constexpr (std::is_same_v<M, wc::view<wc::tls_client_key_exchange_rsa>>) {
                return pair("encrypted_premaster_length", std::to_string(m.template get<"encrypted_premaster_secret">().size()));
            } else if constexpr (std::is_same_v<M, wc::view<wc::tls_new_session_ticket>>) {
                return joined({pair("lifetime_hint", std::to_string(m.template get<"lifetime_hint">())),
                               pair("ticket_length", std::to_string(m.template get<"ticket">().size()))});
            } else if constexpr (std::is_same_v<M, wc::view<wc::tls_certificate_status>>) {
                return joined({pair("status_type", std::to_string(m.template get<"status_type">())),
                               pair("response_length", std::to_string(m.template get<"response">().size()))});
            } else if constexpr (std::is_same_v<M, wc::view<wc::tls_server_hello_done>> || std::is_same_v<M, wc::view<wc::tls_end_of_early_data>> ||
                                 std::is_same_v<M, wc::view<wc::tls_client_hello>> || std::is_same_v<M, wc::view<wc::tls_server_hello>>) {
                return "-";
            } else if constexpr (std::is_same_v<M, wc::view<wc::tls_encrypted_extensions>>) {
                return pair("extensions", extension_types(m.template get<"extensions">()));
            } else if constexpr (std::is_same_v<M, wc::view<wc::tls13_certificate>>) {
                std::vector<std::size_t> lengths, extensions;
                for (auto entry : m.template get<"certificates">()) {
                    lengths.push_back(entry.template get<"cert_data">().size());
                    extensions.push_back(entry.template get<"extensions">().count());
                }
                return joined({pair("context_length", std::to_string(m.template get<"certificate_request_context">().size())),
                               pair("certificate_lengths", numbers(lengths)), pair("entry_extensions", numbers(extensions))});
            } else if constexpr (std::is_same_v<M, wc::view<wc::tls13_certificate_request>>) {
                return joined({pair("context_length", std::to_string(m.template get<"certificate_request_context">().size())),
                               pair("extensions", extension_types(m.template get<"extensions">()))});
            } else if constexpr (std::is_same_v<M, wc::view<wc::tls_signature>>) {
                return joined({pair("signature_algorithm", std::to_string(m.template get<"algorithm">())),
                               pair("signature_length", std::to_string(m.template get<"signature">().size()))});
            } else if constexpr (std::is_same_v<M, wc::view<wc::tls_finished>>) {
                return pair("verify_data_length", std::to_string(m.template get<"verify_data">().size()));
            } else if constexpr (std::is_same_v<M, wc::view<wc::tls13_new_session_ticket>>) {
                return joined({pair("lifetime", std::to_string(m.template get<"lifetime">())), pair("age_add", std::to_string(m.template get<"age_add">())),
                               pair("nonce_length", std::to_string(m.template get<"nonce">().size())),
                               pair("ticket_length", std::to_string(m.template get<"ticket">().size())),
                               pair("extensions", extension_types(m.template get<"extensions">()))});
            } else {
                return "unexpected form";
            }
        },
        message);
}

template <class V>
std::vector<std::byte> reserialized(const V& view) {
    return wc::to_bytes(wc::to_owned(view)).value();
}

// What tls_session_facts_of() gives for the connection of `flow`: from the ServerHello in
// either direction.
wc::tls_session_facts facts_for(const std::map<std::string, wctest::tls_direction>& directions, const std::string& flow) {
    const auto arrow = flow.find(" -> ");
    const std::string reverse = flow.substr(arrow + 4) + " -> " + flow.substr(0, arrow);
    for (const auto* key : {&flow, &reverse}) {
        const auto it = directions.find(*key);
        if (it == directions.end()) continue;
        for (const auto& m : it->second.messages) {
            if (m[0] != std::byte{2}) continue;
            const auto body = std::span<const std::byte>(m).subspan(4);
            return wc::tls_session_facts_of(wc::parse_tls_hello<wc::tls_server_hello>(body).value()).value();
        }
    }
    return {};
}

}  // namespace

TEST_CASE("tls messages: every handshake message after the hellos in the captures, as tshark decodes it", "[tls_messages_test]") {
    const auto rows = wctest::tsv_rows("tls_messages.tsv");
    REQUIRE(rows.size() == 21);
    std::map<std::string, std::map<std::string, wctest::tls_direction>> captures;
    std::size_t compared = 0, reserialized_exactly = 0;
    for (const auto& row : rows) {
        const auto& [capture, flow, index, type, length, expected] = std::tie(row[0], row[1], row[2], row[3], row[4], row[5]);
        INFO(capture << " " << flow << " #" << index << " type " << type);
        if (!captures.count(capture)) captures[capture] = wctest::tls_directions(capture);
        const auto& directions = captures[capture];
        const auto& messages = directions.at(flow).messages;
        REQUIRE(std::stoul(index) < messages.size());
        const auto header = wc::parse<wc::tls_handshake>(messages[std::stoul(index)]).value();
        CHECK(static_cast<unsigned>(header.get<"msg_type">()) == std::stoul(type));
        CHECK(header.get<"length">() == std::stoul(length));
        const auto facts = facts_for(directions, flow);
        auto message = wc::parse_tls_message(header.get<"msg_type">(), header.payload(), facts);
        if (capture == "zeek/tls1.2-protocol-violation.pcap" && type == "11") {
            // The violation: a 256-byte Certificate whose list claims 3,820 bytes (tshark:
            // "Vector length 3820 is too large, truncating it to 253").
            REQUIRE_FALSE(message);
            CHECK(message.error().protocol == "tls_certificate");
            CHECK(message.error().field == "certificates");
            CHECK(message.error().kind == wc::error_kind::length_inconsistent);
            CHECK(message.error().offset == 0);
            CHECK(message.error().needed == 3820);
            CHECK(message.error().available == 253);
            CHECK(expected == "certificates_length=3820;certificate_lengths=-");
            ++compared;
            continue;
        }
        REQUIRE(message);
        CHECK(details(*message) == expected);
        std::visit(
            [&](const auto& m) {
                if constexpr (!std::is_same_v<std::remove_cvref_t<decltype(m)>, wc::tls_opaque_message>) {
                    CHECK(wctest::to_hex(reserialized(m)) == wctest::to_hex(header.payload()));
                    reserialized_exactly += reserialized(m) == std::vector<std::byte>(header.payload().begin(), header.payload().end());
                }
            },
            *message);
        ++compared;
    }
    CHECK(compared == 21);
    CHECK(reserialized_exactly == 20);
}

TEST_CASE("tls messages: OpenSSL's sessions, plaintext from the capture and TLS 1.3's decrypted by tshark", "[tls_messages_test]") {
    // tests/data/live/tls_openssl_sessions.pcap: s_client and s_server over TLS 1.2 (full, client
    // certificate, DHE, resumed by session id and by ticket) and TLS 1.3 (full, HelloRetryRequest,
    // resumed, 0-RTT). The plaintext messages come from the capture through tcp_stream and
    // tls_reader; the encrypted ones are the bodies tshark decrypted with the sessions' key log
    // (tests/data/expected/tls_openssl_messages.tsv, from tests/data/tls_openssl_expected.py).
    const auto rows = wctest::tsv_rows("tls_openssl_messages.tsv");  // direction, index, plain_index, type, length, encrypted, details, body
    REQUIRE(rows.size() > 60);
    const auto directions = wctest::tls_directions("../live/tls_openssl_sessions.pcap");
    std::map<unsigned, std::size_t> per_type;
    std::size_t decrypted = 0;
    for (const auto& row : rows) {
        const auto& [flow, index, plain_index, type, length, encrypted, expected, body_hex] =
            std::tie(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]);
        INFO(flow << " #" << index << " type " << type << (encrypted == "1" ? " (decrypted)" : ""));
        std::vector<std::byte> body;
        if (encrypted == "1") {
            body = wctest::hex_bytes(body_hex);
            ++decrypted;
        } else {
            const auto& messages = directions.at(flow).messages;
            REQUIRE(std::stoul(plain_index) < messages.size());
            const auto header = wc::parse<wc::tls_handshake>(messages[std::stoul(plain_index)]).value();
            CHECK(static_cast<unsigned>(header.get<"msg_type">()) == std::stoul(type));
            body.assign(header.payload().begin(), header.payload().end());
        }
        CHECK(body.size() == std::stoul(length));
        const auto facts = facts_for(directions, flow);
        const auto message = wc::parse_tls_message(static_cast<wc::tls_handshake_type>(std::stoul(type)), body, facts);
        REQUIRE(message);
        CHECK(details(*message) == expected);
        std::visit(
            [&](const auto& m) {
                if constexpr (!std::is_same_v<std::remove_cvref_t<decltype(m)>, wc::tls_opaque_message>)
                    CHECK(wctest::to_hex(reserialized(m)) == wctest::to_hex(body));
                else
                    FAIL("no form for this message");
            },
            *message);
        ++per_type[static_cast<unsigned>(std::stoul(type))];
    }
    // Every form OpenSSL sends: the TLS 1.2 client certificate's CertificateRequest, Certificate
    // and CertificateVerify; DHE and ECDHE key exchanges; tickets of both versions; TLS 1.3's
    // EncryptedExtensions, Certificate, CertificateVerify, Finished and EndOfEarlyData.
    for (unsigned type : {1u, 2u, 4u, 5u, 8u, 11u, 12u, 13u, 14u, 15u, 16u, 20u}) {
        INFO("type " << type);
        CHECK(per_type[type] > 0);
    }
    CHECK(decrypted > 20);
}

TEST_CASE("tls messages: certificates, keys and signatures are views into the message", "[tls_messages_test]") {
    const auto directions = wctest::tls_directions("zeek/ocsp-stapling.pcap");
    const auto& server = directions.at("131.253.61.82:443 -> 192.168.4.149:56253").messages;
    const auto body = std::span<const std::byte>(server.at(1)).subspan(4);
    const auto certificate = wc::parse_exact<wc::tls_certificate>(body).value();
    std::size_t at = 3;
    for (auto der : certificate.get<"certificates">()) {
        CHECK(der.data() == body.data() + at + 3);
        CHECK(std::to_integer<unsigned>(der[0]) == 0x30);  // a DER SEQUENCE
        at += 3 + der.size();
    }
    CHECK(at == body.size());
}

TEST_CASE("tls messages: each form crafted is the RFC's layout", "[tls_messages_test]") {
    using wctest::hex_bytes;
    auto bytes = [](const auto& value) { return wctest::to_hex(wc::to_bytes(value).value()); };
    auto octets = [](std::initializer_list<unsigned> v) {
        std::vector<std::byte> out;
        for (auto x : v) out.push_back(static_cast<std::byte>(x));
        return out;
    };
    // RFC 5246 7.4.2: certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>.
    CHECK(bytes(wc::tls_certificate{{octets({0x30, 0x00}), octets({0x30, 0x01, 0x05})}}) == "00000b" "000002" "3000" "000003" "300105");
    // RFC 8446 4.4.2: context<0..255>, then entries of cert_data<1..2^24-1> and extensions<0..2^16-1>.
    CHECK(bytes(wc::tls13_certificate{{}, {{octets({0x30, 0x00}), {}}}}) == "00" "000007" "000002" "3000" "0000");
    // RFC 5246 7.4.4: types<1..255>, algorithms<2..2^16-2>, names<0..2^16-1>.
    CHECK(bytes(wc::tls_certificate_request{{1, 64}, {0x0403, 0x0804}, {octets({0x30, 0x00})}}) ==
          "02" "0140" "0004" "04030804" "0004" "0002" "3000");
    CHECK(bytes(wc::tls_certificate_request_1_0{{1}, {}}) == "01" "01" "0000");
    // RFC 8446 4.3.2: context, extensions<2..2^16-1> (signature_algorithms here).
    CHECK(bytes(wc::tls13_certificate_request{{}, {{wc::tls_extension_type::signature_algorithms, octets({0x00, 0x02, 0x08, 0x04})}}}) ==
          "00" "0008" "000d" "0004" "00020804");
    // RFC 8422 5.4: curve_type 3, named_curve, point<1..255>; then RFC 5246 4.7 digitally-signed.
    CHECK(bytes(wc::tls_server_key_exchange_ecdhe{{3, 0x001d, octets({0xaa, 0xbb})}, {0x0804, octets({0x01, 0x02, 0x03})}}) ==
          "03" "001d" "02aabb" "0804" "0003010203");
    CHECK(bytes(wc::tls_server_key_exchange_dhe_1_0{{octets({0x17}), octets({0x02}), octets({0x05})}, {octets({0x09})}}) ==
          "000117" "000102" "000105" "000109");
    CHECK(bytes(wc::tls_client_key_exchange_ecdh{octets({0x04, 0x01})}) == "020401");
    CHECK(bytes(wc::tls_client_key_exchange_rsa{octets({0x01, 0x02})}) == "00020102");
    CHECK(bytes(wc::tls_server_hello_done{}).empty());
    CHECK(bytes(wc::tls_end_of_early_data{}).empty());
    CHECK(bytes(wc::tls_certificate_verify{0x0403, octets({0x30})}) == "0403" "000130");
    CHECK(bytes(wc::tls_finished{octets({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})}) == "0102030405060708090a0b0c");
    // RFC 5077 3.3 and RFC 8446 4.6.1.
    CHECK(bytes(wc::tls_new_session_ticket{7200, octets({0xde, 0xad})}) == "00001c20" "0002dead");
    CHECK(bytes(wc::tls13_new_session_ticket{7200, 0x01020304, octets({0, 1}), octets({0xab}), {}}) ==
          "00001c20" "01020304" "020001" "0001ab" "0000");
    CHECK(bytes(wc::tls_encrypted_extensions{{{wc::tls_extension_type::server_name, {}}}}) == "0004" "0000" "0000");
    CHECK(bytes(wc::tls_key_update{wc::tls_key_update_request::update_requested}) == "01");
    CHECK(bytes(wc::tls_certificate_status{1, octets({0x30, 0x00})}) == "01" "000002" "3000");
    // And through the handshake header, the length computed and msg_type filled by the stack.
    const auto message = wc::to_bytes(wc::tls_handshake{} / wc::tls_finished{octets({0xaa, 0xbb})}).value();
    CHECK(wctest::to_hex(message) == "14" "000002" "aabb");
    const auto done = wc::to_bytes(wc::tls_handshake{} / wc::tls_server_hello_done{}).value();
    CHECK(wctest::to_hex(done) == "0e000000");
    // Each parses back as what it was.
    const auto ticket = hex_bytes("00001c20" "01020304" "020001" "0001ab" "0000");
    const auto again = wc::parse_exact<wc::tls13_new_session_ticket>(ticket).value();
    CHECK(again.get<"lifetime">() == 7200);
    CHECK(again.get<"age_add">() == 0x01020304);
    CHECK(wctest::to_hex(again.get<"nonce">()) == "0001");
    CHECK(wctest::to_hex(again.get<"ticket">()) == "ab");
}

TEST_CASE("tls messages: what the RFCs forbid is refused with the field and offset", "[tls_messages_test]") {
    using wctest::hex_bytes;
    auto failure = [](auto parsed) {
        REQUIRE_FALSE(parsed);
        return parsed.error();
    };
    {  // An empty certificate: ASN.1Cert<1..2^24-1>.
        const auto b = hex_bytes("000003" "000000");
        const auto e = failure(wc::parse_exact<wc::tls_certificate>(b));
        CHECK(e.field == "certificates");
        CHECK(e.kind == wc::error_kind::out_of_range);
        CHECK(e.offset == 3);
        CHECK(e.needed == 0);
        CHECK(e.available == 1);
        CHECK(wc::to_string(e) == "tls_certificate.certificates: value 0 is below the minimum 1 (byte offset 3)");
    }
    {  // A certificate that runs past the list.
        const auto b = hex_bytes("000004" "000002" "30");
        const auto e = failure(wc::parse_exact<wc::tls_certificate>(b));
        CHECK(e.kind == wc::error_kind::length_inconsistent);
        CHECK(e.offset == 3);
        CHECK(e.needed == 2);
        CHECK(e.available == 1);
    }
    {  // Explicit curves were removed (RFC 8422 5.4): curve_type must be named_curve.
        const auto b = hex_bytes("01" "0017" "0104" "0000");
        const auto e = failure(wc::parse_tls_message(wc::tls_handshake_type::server_key_exchange, b, {0x0303, 0xc02f}));
        CHECK(e.protocol == "tls_ecdh_parameters");
        CHECK(e.field == "curve_type");
        CHECK(e.kind == wc::error_kind::bad_constant);
        CHECK(e.offset == 0);
    }
    {  // A signature that claims more than is left.
        const auto b = hex_bytes("03" "0017" "0104" "0804" "0005" "0102");
        const auto e = failure(wc::parse_tls_message(wc::tls_handshake_type::server_key_exchange, b, {0x0303, 0xc02f}));
        CHECK(e.protocol == "tls_signature");
        CHECK(e.field == "signature");
        CHECK(e.offset == 7);
        CHECK(e.needed == 5);
        CHECK(e.available == 2);
    }
    {  // An empty ECDH point: ECPoint point<1..2^8-1>.
        const auto b = hex_bytes("00");
        const auto e = failure(wc::parse_tls_message(wc::tls_handshake_type::client_key_exchange, b, {0x0303, 0xc02f}));
        CHECK(e.field == "public_key");
        CHECK(e.kind == wc::error_kind::out_of_range);
    }
    {  // ServerHelloDone has an empty body.
        const auto b = hex_bytes("00");
        const auto e = failure(wc::parse_tls_message(wc::tls_handshake_type::server_hello_done, b));
        CHECK(e.protocol == "tls_server_hello_done");
        CHECK(e.kind == wc::error_kind::length_inconsistent);
        CHECK(e.offset == 0);
        CHECK(wc::to_string(e) == "tls_server_hello_done: says 1 bytes, contents end after 0 (byte offset 0)");
    }
    {  // Bytes after a message's last field.
        const auto b = hex_bytes("00001c20" "0002dead" "ff");
        const auto e = failure(wc::parse_tls_message(wc::tls_handshake_type::new_session_ticket, b, {0x0303, 0xc02f}));
        CHECK(e.protocol == "tls_new_session_ticket");
        CHECK(e.field == "ticket");
        CHECK(e.offset == 8);
        CHECK(e.needed == 9);
        CHECK(e.available == 8);
    }
    {  // KeyUpdate's request is 0 or 1 (RFC 8446 4.6.3).
        const auto b = hex_bytes("02");
        const auto e = failure(wc::parse_tls_message(wc::tls_handshake_type::key_update, b, {0x0304, 0x1301}));
        CHECK(e.field == "request_update");
        CHECK(e.kind == wc::error_kind::out_of_range);
    }
    {  // A TLS 1.3 ticket lives at most 7 days (RFC 8446 4.6.1), and is at least a byte.
        const auto too_long = hex_bytes("00093a81" "00000000" "00" "0001ab" "0000");
        CHECK(failure(wc::parse_tls_message(wc::tls_handshake_type::new_session_ticket, too_long, {0x0304, 0x1301})).field == "lifetime");
        const auto empty = hex_bytes("00093a80" "00000000" "00" "0000" "0000");
        const auto e = failure(wc::parse_tls_message(wc::tls_handshake_type::new_session_ticket, empty, {0x0304, 0x1301}));
        CHECK(e.field == "ticket");
        CHECK(e.offset == 9);
    }
    {  // A TLS 1.3 CertificateRequest has at least one extension.
        const auto b = hex_bytes("00" "0000");
        const auto e = failure(wc::parse_tls_message(wc::tls_handshake_type::certificate_request, b, {0x0304, 0x1301}));
        CHECK(e.field == "extensions");
        CHECK(e.offset == 1);
    }
    {  // Finished: 12 bytes up to TLS 1.2 (RFC 5246 7.4.9), 36 in SSL 3.0, the hash's size in TLS 1.3
        // (RFC 8446 4.4.4: 32 for SHA-256 suites, 48 for TLS_AES_256_GCM_SHA384); never empty.
        const std::vector<std::byte> twelve(12), thirty_two(32), forty_eight(48);
        CHECK(wc::parse_tls_message(wc::tls_handshake_type::finished, twelve, {0x0303, 0xc02f}));
        CHECK(wc::parse_tls_message(wc::tls_handshake_type::finished, thirty_two, {0x0304, 0x1301}));
        CHECK(wc::parse_tls_message(wc::tls_handshake_type::finished, forty_eight, {0x0304, 0x1302}));
        CHECK_FALSE(wc::parse_tls_message(wc::tls_handshake_type::finished, thirty_two, {0x0304, 0x1302}));
        CHECK_FALSE(wc::parse_tls_message(wc::tls_handshake_type::finished, twelve, {0x0300, 0x002f}));
        CHECK(wc::parse_tls_message(wc::tls_handshake_type::finished, twelve));  // no facts: any size but 0
        const auto e = failure(wc::parse_tls_message(wc::tls_handshake_type::finished, forty_eight, {0x0302, 0xc013}));
        CHECK(e.field == "verify_data");
        CHECK(e.needed == 48);
        CHECK(e.available == 12);
        CHECK(failure(wc::parse_tls_message(wc::tls_handshake_type::finished, {})).field == "verify_data");
    }
    {  // Every prefix of a well-formed message is refused, never read past.
        const auto whole = hex_bytes("03" "001d" "02aabb" "0804" "0003010203");
        for (std::size_t n = 0; n < whole.size(); ++n) {
            const auto cut = std::span<const std::byte>(whole).first(n);
            CHECK_FALSE(wc::parse_tls_message(wc::tls_handshake_type::server_key_exchange, cut, {0x0303, 0xc02f}));
        }
        CHECK(wc::parse_tls_message(wc::tls_handshake_type::server_key_exchange, whole, {0x0303, 0xc02f}));
    }
}

TEST_CASE("tls messages: the form follows the version and the cipher suite", "[tls_messages_test]") {
    using wctest::hex_bytes;
    using t = wc::tls_handshake_type;
    auto holds = []<class M>(const wc::result<wc::tls_message>& m) { return m && std::holds_alternative<M>(*m); };
    const auto certificate_1_2 = hex_bytes("000000");
    const auto certificate_1_3 = hex_bytes("00" "000000");
    CHECK(holds.operator()<wc::view<wc::tls_certificate>>(wc::parse_tls_message(t::certificate, certificate_1_2, {0x0303, 0xc02f})));
    CHECK(holds.operator()<wc::view<wc::tls_certificate>>(wc::parse_tls_message(t::certificate, certificate_1_2, {0x0301, 0x0035})));
    CHECK(holds.operator()<wc::view<wc::tls13_certificate>>(wc::parse_tls_message(t::certificate, certificate_1_3, {0x0304, 0x1301})));
    // Before the ServerHello the version is not known: the body is handed back as it is.
    const auto unknown = wc::parse_tls_message(t::certificate, certificate_1_2);
    REQUIRE(holds.operator()<wc::tls_opaque_message>(unknown));
    CHECK(std::get<wc::tls_opaque_message>(*unknown).body.size() == 3);
    // The key exchange follows the suite; TLS 1.0 and 1.1 sign without naming the algorithm.
    const auto ecdhe = hex_bytes("03" "0017" "0104" "0804" "0001" "00");
    const auto ecdhe_1_0 = hex_bytes("03" "0017" "0104" "0001" "00");
    CHECK(holds.operator()<wc::view<wc::tls_server_key_exchange_ecdhe>>(wc::parse_tls_message(t::server_key_exchange, ecdhe, {0x0303, 0xc02f})));
    CHECK(holds.operator()<wc::view<wc::tls_server_key_exchange_ecdhe_1_0>>(
        wc::parse_tls_message(t::server_key_exchange, ecdhe_1_0, {0x0302, 0xc013})));
    CHECK(holds.operator()<wc::tls_opaque_message>(wc::parse_tls_message(t::server_key_exchange, ecdhe, {0x0303, 0x00a8})));  // PSK
    const auto rsa = hex_bytes("0002abcd");
    CHECK(holds.operator()<wc::view<wc::tls_client_key_exchange_rsa>>(wc::parse_tls_message(t::client_key_exchange, rsa, {0x0303, 0x002f})));
    CHECK(holds.operator()<wc::view<wc::tls_client_key_exchange_dh>>(wc::parse_tls_message(t::client_key_exchange, rsa, {0x0303, 0x0033})));
    CHECK(holds.operator()<wc::tls_opaque_message>(wc::parse_tls_message(t::client_key_exchange, rsa, {0x0300, 0x002f})));  // SSL 3.0
    // Before the ServerHello, a key exchange's signature form is not known either.
    CHECK(holds.operator()<wc::tls_opaque_message>(wc::parse_tls_message(t::server_key_exchange, ecdhe, {0, 0xc02f})));
    // An empty ClientKeyExchange: the public value was in a fixed (EC)DH client certificate.
    CHECK(holds.operator()<wc::tls_opaque_message>(wc::parse_tls_message(t::client_key_exchange, {}, {0x0303, 0xc004})));
    // ...but for an ephemeral exchange the value must be there (ECPoint point<1..2^8-1>).
    CHECK_FALSE(wc::parse_tls_message(t::client_key_exchange, {}, {0x0303, 0xc02f}));
    // Messages of another version than the facts', and DTLS's, are not read.
    CHECK(holds.operator()<wc::tls_opaque_message>(wc::parse_tls_message(t::encrypted_extensions, hex_bytes("0000"), {0x0303, 0xc02f})));
    CHECK(holds.operator()<wc::view<wc::tls_encrypted_extensions>>(wc::parse_tls_message(t::encrypted_extensions, hex_bytes("0000"), {0x0304, 0x1301})));
    CHECK(holds.operator()<wc::tls_opaque_message>(wc::parse_tls_message(t::server_key_exchange, ecdhe, {0x0304, 0x1301})));
    CHECK(holds.operator()<wc::tls_opaque_message>(wc::parse_tls_message(t::certificate, certificate_1_2, {0xfefd, 0xc02f})));  // DTLS 1.2
    // A TLS 1.3 draft (0x7f1c: draft 28) takes the TLS 1.3 forms.
    CHECK(holds.operator()<wc::view<wc::tls13_certificate>>(wc::parse_tls_message(t::certificate, certificate_1_3, {0x7f1c, 0x1301})));
    // CertificateStatus: an OCSP response is typed; an RFC 6961 ocsp_multi list comes back opaque.
    const auto ocsp = hex_bytes("01" "000002" "3000");
    const auto ocsp_multi = hex_bytes("02" "000005" "000002" "3000");
    CHECK(holds.operator()<wc::view<wc::tls_certificate_status>>(wc::parse_tls_message(t::certificate_status, ocsp)));
    CHECK(holds.operator()<wc::tls_opaque_message>(wc::parse_tls_message(t::certificate_status, ocsp_multi)));
    const auto ticket = hex_bytes("00001c20" "0001ab");
    CHECK(holds.operator()<wc::view<wc::tls_new_session_ticket>>(wc::parse_tls_message(t::new_session_ticket, ticket, {0x0303, 0xc02f})));
    CHECK(holds.operator()<wc::tls_opaque_message>(wc::parse_tls_message(static_cast<t>(99), ticket)));
}

TEST_CASE("tls messages: a walk reads the forms the bytes name, and stops where only the session could tell", "[tls_messages_test]") {
    auto layers = [](const std::vector<std::byte>& bytes) {
        std::string names;
        wc::dissect_from<wc::standard_bindings, wc::tls_record>(bytes, [&](const auto& layer) {
            using P = typename std::remove_cvref_t<decltype(layer)>::protocol_type;
            if (!names.empty()) names += '/';
            names += decltype(P::schema())::name;
        });
        return names;
    };
    const std::vector<std::byte> der{std::byte{0x30}, std::byte{0x00}};
    const auto certificate = wc::to_bytes(wc::tls_record{} / wc::tls_handshake{} / wc::tls_certificate{{der}}).value();
    CHECK(layers(certificate) == "tls_record/tls_handshake/tls_certificate");
    const auto done = wc::to_bytes(wc::tls_record{} / wc::tls_handshake{} / wc::tls_server_hello_done{}).value();
    CHECK(layers(done) == "tls_record/tls_handshake/tls_server_hello_done");
    // A DHE ServerKeyExchange crafted through its crafting-only binding: type 12 on the wire...
    const auto dhe = wc::to_bytes(wc::tls_record{} / wc::tls_handshake{} /
                                  wc::tls_server_key_exchange_dhe{{der, der, der}, {0x0804, der}})
                         .value();
    CHECK(std::to_integer<unsigned>(dhe[5]) == 12);
    // ...which a walk does not read as an ECDHE one (or any): only the suite says which it is.
    CHECK(layers(dhe) == "tls_record/tls_handshake");
    const auto rsa = wc::to_bytes(wc::tls_record{} / wc::tls_handshake{} / wc::tls_client_key_exchange_rsa{der}).value();
    CHECK(std::to_integer<unsigned>(rsa[5]) == 16);
    CHECK(layers(rsa) == "tls_record/tls_handshake");
}
