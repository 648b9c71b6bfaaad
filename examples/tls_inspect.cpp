// Prints, for each TLS connection of a capture:
// - the versions offered and chosen, SNI, ALPN and cipher suite;
// - the resumption kind, JA3/JA3S and JA4/JA4S;
// - the handshake path (as OpenSSL's -msg writes it) and the two machines' final states;
// - alerts, and the reason a machine failed.
//
//   tls_inspect FILE.pcap
//
// TLS 1.3 encrypts everything after the ServerHello, so without keys the path shows encrypted
// records there, and the output says the machines followed them by direction. The chosen ALPN
// then sits in EncryptedExtensions, where it is not visible.
#include <cstdio>
#include <string>
#include <wirecraft/flow/tls_connections.hpp>
#include <wirecraft/pcap/pcap.hpp>
#include <wirecraft/proto/tls_fingerprint.hpp>

namespace wc = wirecraft;

namespace {

std::string version_name(std::uint16_t v) {
    const auto name = wc::tls_version_name(v);
    if (!name.empty()) return std::string(name);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%04x", v);
    return hex;
}

std::string alpn_list(const wc::view<wc::tls_alpn>& alpn) {
    std::string s;
    for (const auto& p : alpn.get<"protocols">()) {
        if (!s.empty()) s += ',';
        s.append(reinterpret_cast<const char*>(p.data()), p.size());
    }
    return s;
}

void print(std::size_t number, const wc::tls_connection& c) {
    const auto& o = c.observer;
    const auto& facts = o.facts();
    std::printf("connection %zu: %s -> %s (frame %zu)\n", number, c.client.to_string().c_str(), c.server.to_string().c_str(), c.first_frame);
    if (const auto& v2 = o.sslv2(); v2.client_hello) {
        const auto& h = *v2.client_hello;
        std::printf("  SSL 2.0 ClientHello: version %s, %u cipher specs, session id %u bytes, challenge %u bytes\n",
                    version_name(h.version).c_str(), h.cipher_specs_length / 3u, h.session_id_length, h.challenge_length);
        if (v2.server_hello)
            std::printf("  the server answered in SSL 2.0: version %s, certificate %u bytes, %u cipher specs\n",
                        version_name(v2.server_hello->version).c_str(), v2.server_hello->certificate_length, v2.server_hello->cipher_specs_length / 3u);
        else
            std::printf("  the server %s\n", v2.server_answered ? "answered, not in SSL 2.0" : "did not answer");
        std::printf("  not followed: the machines model TLS hellos\n");
        return;
    }
    const auto client_hello_bytes = o.client_hello();
    const auto client_hello = wc::parse_tls_hello<wc::tls_client_hello>(client_hello_bytes);
    if (client_hello_bytes.empty() || !client_hello) {
        std::printf("  no ClientHello%s\n", client_hello_bytes.empty() ? "" : " that parses");
        return;
    }
    const auto server_hello_bytes = o.server_hello();
    const auto server_hello = wc::parse_tls_hello<wc::tls_server_hello>(server_hello_bytes);
    const bool have_server_hello = !server_hello_bytes.empty() && server_hello;

    std::string offered = facts.offered_tls_1_3 ? "TLS 1.3, " : "";
    offered += version_name(client_hello->get<"legacy_version">());
    std::printf("  versions: offered %s; chosen %s\n", offered.c_str(), have_server_hello ? version_name(facts.version).c_str() : "-");
    const auto sni = wc::tls_server_name_of(*client_hello);
    std::printf("  server name: %s\n", sni ? std::string(*sni).c_str() : "-");

    std::string alpn_offered = "-", alpn_chosen = "-";
    if (const auto a = wc::extension_body<wc::tls_extension_type::application_layer_protocol_negotiation>(*client_hello); a && *a)
        alpn_offered = alpn_list(**a);
    if (have_server_hello) {
        if (const auto a = wc::extension_body<wc::tls_alpn>(*server_hello, wc::tls_extension_type::application_layer_protocol_negotiation); a && *a)
            alpn_chosen = alpn_list(**a);
        else if (facts.version == wc::tls_version::tls_1_3 && alpn_offered != "-")
            alpn_chosen = "not visible (EncryptedExtensions)";
    }
    std::printf("  ALPN: offered %s; chosen %s\n", alpn_offered.c_str(), alpn_chosen.c_str());
    if (have_server_hello) {
        const auto name = wc::tls_cipher_suite_name(facts.cipher_suite);
        std::printf("  cipher suite: %s (0x%04x)\n", name.empty() ? "unknown" : std::string(name).c_str(), facts.cipher_suite);
    } else {
        std::printf("  cipher suite: -\n");
    }
    std::string resumption(wc::to_string(wc::resumption_of(facts)));
    if (facts.offered_early_data) {
        resumption += "; 0-RTT offered, ";
        resumption += std::to_string(facts.early_data_records);
        resumption += " early records (acceptance is in EncryptedExtensions)";
    }
    std::printf("  resumption: %s\n", resumption.c_str());
    std::printf("  JA3: %s\n  JA4: %s\n", wc::ja3(*client_hello).c_str(), wc::ja4(*client_hello).c_str());
    if (have_server_hello) std::printf("  JA3S: %s\n  JA4S: %s\n", wc::ja3s(*server_hello).c_str(), wc::ja4s(*server_hello).c_str());

    std::string path;
    for (const auto& step : o.path()) {
        if (!path.empty()) path += ' ';
        path += wc::to_string(step);
    }
    if (o.path_steps_dropped() != 0) path += " ... (" + std::to_string(o.path_steps_dropped()) + " more)";
    std::printf("  path: %s\n", path.c_str());
    std::printf("  machines: client %s, server %s%s%s\n", std::string(o.client().state_name()).c_str(), std::string(o.server().state_name()).c_str(),
                facts.followed_encrypted ? " (encrypted handshake followed by record direction)" : "",
                facts.false_start ? " (client False Start, RFC 7918)" : "");
    if (facts.alert) {
        std::string a(wc::to_string(facts.alert->side));
        if (facts.alert->encrypted) {
            a += " encrypted";
        } else {
            a += ' ';
            a += wc::enum_name(facts.alert->level);
            a += ' ';
            a += wc::enum_name(facts.alert->description);
        }
        std::printf("  alert: %s\n", a.c_str());
    }
    for (const auto* machine : {&o.client().context(), &o.server().context()})
        if (machine->failure) std::printf("  %s machine failed: %s\n", machine == &o.client().context() ? "client" : "server",
                                          wc::to_string(*machine->failure).c_str());
    for (const auto side : {wc::tls_side::client, wc::tls_side::server})
        if (const auto& e = c.errors[side == wc::tls_side::client ? 0 : 1]) std::printf("  %s stream: %s\n", std::string(wc::to_string(side)).c_str(), wc::to_string(*e).c_str());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: tls_inspect FILE.pcap\n");
        return 2;
    }
    auto file = wc::read_file(argv[1]);
    if (!file) {
        std::fprintf(stderr, "%s: cannot read the file\n", argv[1]);
        return 1;
    }
    auto reader = wc::capture_reader::open(*file);
    if (!reader) {
        std::fprintf(stderr, "%s: %s\n", argv[1], wc::to_string(reader.error()).c_str());
        return 1;
    }
    wc::tls_connection_tracker tracker;
    for (;;) {
        auto p = reader->next();
        if (!p) {
            std::fprintf(stderr, "%s: %s\n", argv[1], wc::to_string(p.error()).c_str());
            break;
        }
        if (!*p) break;
        tracker.add_frame((**p).data, static_cast<std::uint32_t>((**p).link));
    }
    tracker.finish();  // a direction stopped at a lost segment then says so
    std::size_t number = 0;
    for (const auto& c : tracker.connections())
        if (!c.observer.path().empty() || c.observer.sslv2().client_hello) print(++number, c);
    std::printf("%zu TLS connections; %zu frames", number, tracker.frames());
    if (tracker.mid_stream() != 0) std::printf("; %zu connections begun before the capture, not followed", tracker.mid_stream());
    std::printf("\n");
}
