// tls_probe: sends a crafted ClientHello to a TLS server over TCP and prints what the server
// answers in the clear: its ServerHello (version, suite, key share, ALPN), a HelloRetryRequest,
// TLS 1.2's Certificate (the SHA-256 of each certificate), ServerKeyExchange and
// ServerHelloDone, an alert, and where encryption begins. Nothing is decrypted: no keys are kept.
//
//   tls_probe HOST PORT [--sni NAME] [--alpn PROTOCOL]... [--tls12] [--groups G,G] [--key-shares G,G]
//
// Groups by name: x25519, x448, secp256r1, secp384r1, secp521r1, ffdhe2048. One line per item:
//   server_hello version=0x0304 cipher_suite=0x1302 TLS_AES_256_GCM_SHA384 key_share=0x001d/32
//   certificate 1 sha256=9f2c...
//   alert fatal handshake_failure
// Exit status: 0 when the server answered with a ServerHello, 1 otherwise.
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <wirecraft/wirecraft.hpp>

namespace wc = wirecraft;

namespace {

std::vector<std::uint16_t> groups_from(std::string_view list) {
    std::vector<std::uint16_t> out;
    while (!list.empty()) {
        const auto comma = list.find(',');
        const auto name = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        if (name == "x25519") out.push_back(wc::tls_group::x25519);
        else if (name == "x448") out.push_back(wc::tls_group::x448);
        else if (name == "secp256r1") out.push_back(wc::tls_group::secp256r1);
        else if (name == "secp384r1") out.push_back(wc::tls_group::secp384r1);
        else if (name == "secp521r1") out.push_back(wc::tls_group::secp521r1);
        else if (name == "ffdhe2048") out.push_back(wc::tls_group::ffdhe2048);
        else std::fprintf(stderr, "tls_probe: unknown group %.*s\n", static_cast<int>(name.size()), name.data());
    }
    return out;
}

std::string hex16(std::uint16_t v) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%04x", v);
    return text;
}

int connect_to(const char* host, const char* port) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host, port, &hints, &found) != 0) return -1;
    int fd = -1;
    for (auto* a = found; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    if (fd >= 0) {
        timeval timeout{5, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
    return fd;
}

// Prints the server's flight until encryption begins, the handshake ends or the server stops.
struct observer {
    wc::tls_session_facts facts{};
    bool server_hello = false, done = false;

    void record(const wc::view<wc::tls_record>& r) {
        const auto type = r.get<"content_type">();
        if (type == wc::tls_content_type::alert) {
            if (auto alert = wc::parse_exact<wc::tls_alert>(r.payload())) {
                std::printf("alert %s %s\n", std::string(wc::enum_name(alert->get<"level">())).c_str(),
                            std::string(wc::enum_name(alert->get<"description">())).c_str());
            } else {
                std::printf("alert encrypted length=%zu\n", r.payload().size());
            }
            done = true;
        } else if (type == wc::tls_content_type::change_cipher_spec) {
            std::printf("change_cipher_spec\n");
        } else if (type == wc::tls_content_type::application_data) {
            std::printf("encrypted_record length=%zu\n", r.payload().size());
            done = true;  // TLS 1.3: EncryptedExtensions onwards; nothing more to read in the clear
        }
    }

    void message(const wc::view<wc::tls_handshake>& m) {
        auto parsed = wc::parse_tls_message(m.get<"msg_type">(), m.payload(), facts);
        if (!parsed) {
            std::printf("error %s\n", wc::to_string(parsed.error()).c_str());
            done = true;
            return;
        }
        std::visit([&](const auto& v) { show(v); }, *parsed);
    }

    void show(const wc::view<wc::tls_server_hello>& hello) {
        server_hello = true;
        if (wc::is_hello_retry_request(hello)) {
            auto retry = wc::extension_body<wc::tls_key_share_retry>(hello, wc::tls_extension_type::key_share);
            std::printf("hello_retry_request cipher_suite=%s selected_group=%s\n", hex16(hello.get<"cipher_suite">()).c_str(),
                        retry && *retry ? hex16((**retry).get<"selected_group">()).c_str() : "-");
            done = true;
            return;
        }
        if (auto f = wc::tls_session_facts_of(hello)) facts = *f;
        else facts = {hello.get<"legacy_version">(), hello.get<"cipher_suite">()};
        std::string line = "server_hello version=";  // appended piece by piece: g++ 12 -O3 warns falsely on "x" + string
        line += hex16(facts.version);
        line += " cipher_suite=";
        line += hex16(facts.cipher_suite);
        line += ' ';
        line += wc::tls_cipher_suite_name(facts.cipher_suite);
        if (auto share = wc::extension_body<wc::tls_key_share_entry>(hello, wc::tls_extension_type::key_share); share && *share) {
            line += " key_share=";
            line += hex16((**share).get<"group">());
            line += '/';
            line += std::to_string((**share).get<"key_exchange">().size());
        }
        if (auto alpn = wc::extension_body<wc::tls_extension_type::application_layer_protocol_negotiation>(hello); alpn && *alpn)
            for (auto p : (**alpn).get<"protocols">()) {
                line += " alpn=";
                line.append(reinterpret_cast<const char*>(p.data()), p.size());
            }
        std::printf("%s\n", line.c_str());
    }
    void show(const wc::view<wc::tls_certificate>& certificate) {
        std::size_t n = 0;
        for (auto der : certificate.get<"certificates">()) {
            wc::sha256 h;
            h.update(der);
            const auto hex = wc::hex_digest(h.finish());
            std::printf("certificate %zu sha256=%.*s\n", ++n, static_cast<int>(hex.size()), hex.data());
        }
    }
    template <class P, class S>
    void show(const wc::view<wc::tls_server_key_exchange<P, S>>& exchange) {
        const auto parameters = exchange.template get<"parameters">();
        if constexpr (std::is_same_v<P, wc::tls_ecdh_parameters>)
            std::printf("server_key_exchange named_curve=%s public_key=%zu\n", hex16(parameters.template get<"named_curve">()).c_str(),
                        parameters.template get<"public_key">().size());
        else
            std::printf("server_key_exchange dh_p=%zu public_key=%zu\n", parameters.template get<"p">().size(),
                        parameters.template get<"public_key">().size());
    }
    void show(const wc::view<wc::tls_server_hello_done>&) {
        std::printf("server_hello_done\n");
        done = true;
    }
    template <class Other>
    void show(const Other&) {
        std::printf("message\n");
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: tls_probe HOST PORT [--sni NAME] [--alpn PROTOCOL]... [--tls12] [--groups G,G] [--key-shares G,G]\n");
        return 2;
    }
    wc::tls_client_hello_settings settings;
    for (int i = 3; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : "";
        const bool takes_value = arg != "--tls12";
        if (arg == "--sni") settings.server_name = value;
        else if (arg == "--alpn") settings.alpn.emplace_back(value);
        else if (arg == "--tls12") settings.versions = {wc::tls_version::tls_1_2};
        else if (arg == "--groups") settings.groups = groups_from(value);
        else if (arg == "--key-shares") settings.key_share_groups = groups_from(value);
        else {
            std::fprintf(stderr, "tls_probe: unknown option %s\n", argv[i]);
            return 2;
        }
        if (takes_value) ++i;
    }
    const auto built = settings.build();
    if (!built) {
        std::fprintf(stderr, "tls_probe: %s\n", wc::to_string(built.error()).c_str());
        return 2;
    }
    const auto hello = wc::to_bytes(wc::tls_record{} / wc::tls_handshake{} / *built);
    if (!hello) {
        std::fprintf(stderr, "tls_probe: %s\n", wc::to_string(hello.error()).c_str());
        return 2;
    }
    const int fd = connect_to(argv[1], argv[2]);
    if (fd < 0) {
        std::fprintf(stderr, "tls_probe: cannot connect to %s port %s\n", argv[1], argv[2]);
        return 1;
    }
    if (send(fd, hello->data(), hello->size(), 0) != static_cast<ssize_t>(hello->size())) return 1;
    std::printf("client_hello length=%zu\n", hello->size() - 9);
    observer seen;
    wc::tls_reader tls;
    std::vector<std::byte> buffer(16384);
    while (!seen.done) {
        const ssize_t n = recv(fd, buffer.data(), buffer.size(), 0);
        if (n <= 0) {
            std::printf("closed\n");
            break;
        }
        auto failure = tls.add(
            std::span<const std::byte>(buffer).first(static_cast<std::size_t>(n)), [&](const auto& r) { seen.record(r); },
            [&](const auto& m) { seen.message(m); });
        if (failure) {
            std::printf("error %s\n", wc::to_string(*failure).c_str());
            break;
        }
    }
    close(fd);
    return seen.server_hello ? 0 : 1;
}
