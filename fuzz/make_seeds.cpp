// Builds the seed corpora from the test captures: for each fuzz target, the bytes where its
// layer starts in every frame of every capture (deduplicated, capped per target), and for the
// pcap target the smaller capture files themselves.
//   make_seeds CAPTURES_DIR OUTPUT_DIR
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <wirecraft/proto/tls_messages.hpp>
#include <wirecraft/wirecraft.hpp>

namespace fs = std::filesystem;
namespace wc = wirecraft;
using bytes_view = std::span<const std::byte>;

namespace {

constexpr std::size_t max_seeds_per_target = 300;
constexpr std::size_t max_pcap_seed_size = 64 * 1024;

struct seed_writer {
    fs::path root;
    std::map<std::string, std::set<std::string>> seen;

    void add(const std::string& target, bytes_view bytes, std::string_view prefix = {}) {
        std::string content(prefix);
        for (auto b : bytes) content.push_back(static_cast<char>(b));
        auto& set = seen[target];
        if (set.size() >= max_seeds_per_target || !set.insert(content).second) return;
        fs::create_directories(root / target);
        char name[32];
        std::snprintf(name, sizeof name, "seed-%04zu", set.size());
        std::ofstream(root / target / name, std::ios::binary).write(content.data(), static_cast<std::streamsize>(content.size()));
    }
};

// Two of the targets read a flag byte first (bit 0: accept a short payload).
const std::string flags_strict(1, '\0');
const std::string flags_quoted(1, '\1');

// The tls_messages target reads a message type, a version and a cipher suite, then the body.
std::string tls_message_prefix(wc::tls_handshake_type type, const wc::tls_session_facts& facts) {
    return std::string{static_cast<char>(type), static_cast<char>(facts.version >> 8), static_cast<char>(facts.version & 0xff),
                       static_cast<char>(facts.cipher_suite >> 8), static_cast<char>(facts.cipher_suite & 0xff)};
}
wc::tls_session_facts last_tls_facts{wc::tls_version::tls_1_2, 0xc02f};

// Each layer the library's walk visits seeds the target of its protocol.
struct layer_seeds {
    seed_writer& out;
    template <class P>
    void operator()(const wc::view<P>& layer) {
        const auto bytes = layer.bytes();
        if constexpr (std::is_same_v<P, wc::ethernet>) out.add("ethernet", bytes);
        else if constexpr (std::is_same_v<P, wc::vlan_tag>) out.add("vlan", bytes);
        else if constexpr (std::is_same_v<P, wc::linux_sll> || std::is_same_v<P, wc::linux_sll2>) out.add("linux_sll", bytes);
        else if constexpr (std::is_same_v<P, wc::arp>) out.add("arp", bytes);
        else if constexpr (std::is_same_v<P, wc::ipv4>) {
            out.add("ipv4", bytes, flags_strict);
            if (layer.template get<"more_fragments">() || layer.template get<"fragment_offset">() != 0) raw_packet("ip_reassembly", bytes);
        }
        else if constexpr (std::is_same_v<P, wc::icmp>) out.add("icmp", bytes);
        else if constexpr (std::is_same_v<P, wc::udp>) {
            out.add("udp", bytes, flags_quoted);
            // DNS seeds are the payloads on its ports (also those the walk does not reach).
            const auto a = layer.template get<"source_port">(), b = layer.template get<"destination_port">();
            if (a == 53 || b == 53 || a == 5353 || b == 5353) {
                out.add("dns", layer.payload());
                record_data_seeds(layer.payload());
            }
        }
        else if constexpr (std::is_same_v<P, wc::tcp>) {
            out.add("tcp", bytes);
            // tcp_connection: a listener, then the segment as raw bytes (command 0, 2-byte length).
            const auto n = static_cast<std::uint16_t>(std::min<std::size_t>(bytes.size(), 0xffff));
            out.add("tcp_connection", bytes.first(n), std::string{'\2', '\0', static_cast<char>(n >> 8), static_cast<char>(n & 0xff)});
            tls_seeds(layer.payload());
        }
        else if constexpr (std::is_same_v<P, wc::ipv6>) {
            out.add("ipv6", bytes);
            if (layer.template get<"next_header">() == wc::ip_protocol::ipv6_fragment) raw_packet("ip_reassembly", bytes);
        }
        else if constexpr (std::is_same_v<P, wc::icmpv6>) out.add("icmpv6", bytes);
        else if constexpr (std::is_same_v<P, wc::dhcp>) out.add("dhcp", bytes);
    }
    // tls (tls_fuzz.cpp): a segment that starts with a record. tls_hello (tls_hello_fuzz.cpp) and
    // tls_fingerprint: each whole hello's body (0: ClientHello, 1: ServerHello), and for tls_hello
    // SSL 2.0 hellos (2).
    // tls_messages (tls_messages_fuzz.cpp): every other whole message of the segment's first
    // record, after the type and the facts of the capture's last ServerHello.
    void tls_seeds(bytes_view payload) {
        if (wc::recognise_sslv2_client_hello(payload) || wc::recognise_sslv2_server_hello(payload)) out.add("tls_hello", payload, std::string(1, '\2'));
        if (payload.size() < 5 || std::to_integer<unsigned>(payload[0]) < 20 || std::to_integer<unsigned>(payload[0]) > 24) return;
        out.add("tls", payload);
        // tls_handshake (tls_handshake_fuzz.cpp): the segment as stream bytes of one side, in
        // commands of at most 255 bytes; a ClientHello is the client's, anything else the server's.
        {
            const bool client = payload.size() > 5 && std::to_integer<unsigned>(payload[5]) == 1;
            std::string commands;
            for (std::size_t at = 0; at < payload.size(); at += 255) {
                const std::size_t n = std::min<std::size_t>(255, payload.size() - at);
                commands += static_cast<char>(client ? 0x00 : 0x80);
                commands += static_cast<char>(n);
                commands.append(reinterpret_cast<const char*>(payload.data() + at), n);
            }
            out.add("tls_handshake", {}, commands);
        }
        auto record = wc::parse<wc::tls_record>(payload);
        if (!record || record->get<"content_type">() != wc::tls_content_type::handshake) return;
        for (auto messages = record->payload(); !messages.empty();) {
            auto message = wc::parse<wc::tls_handshake>(messages);
            if (!message) return;
            messages = messages.subspan(message->size());
            const auto type = message->get<"msg_type">();
            if (type == wc::tls_handshake_type::client_hello) {
                out.add("tls_hello", message->payload(), std::string(1, '\0'));
                out.add("tls_fingerprint", message->payload(), std::string(1, '\0'));
            } else if (type == wc::tls_handshake_type::server_hello) {
                out.add("tls_hello", message->payload(), std::string(1, '\1'));
                out.add("tls_fingerprint", message->payload(), std::string(1, '\1'));
                if (auto hello = wc::parse_tls_hello<wc::tls_server_hello>(message->payload()))
                    if (auto facts = wc::tls_session_facts_of(*hello)) last_tls_facts = *facts;
            } else {
                out.add("tls_messages", message->payload(), tls_message_prefix(type, last_tls_facts));
            }
        }
    }
    // ip_reassembly: a raw packet record (0, 2-byte length, the packet).
    void raw_packet(const std::string& target, bytes_view bytes) {
        const auto n = static_cast<std::uint16_t>(std::min<std::size_t>(bytes.size(), 0xffff));
        out.add(target, bytes.first(n), std::string{'\0', static_cast<char>(n >> 8), static_cast<char>(n & 0xff)});
    }
    // The dns_rdata target reads a record type, then the record's data.
    void record_data_seeds(bytes_view message) {
        auto m = wc::parse<wc::dns>(message);
        if (!m) return;
        const auto sections = m->get<"sections">();
        auto add = [&](const auto& records) {
            for (auto r : records) {
                const auto type = static_cast<std::uint16_t>(r.type());
                out.add("dns_rdata", r.rdata_bytes(), std::string{static_cast<char>(type >> 8), static_cast<char>(type & 0xff)});
            }
        };
        add(sections.answers());
        add(sections.authorities());
        add(sections.additionals());
        // The dns_name target reads the offset of a name (2 bytes), then the message: the
        // names of the questions and of the answers, owners and targets.
        auto name_at = [&](std::size_t at) { out.add("dns_name", message, std::string{static_cast<char>(at >> 8), static_cast<char>(at & 0xff)}); };
        for (auto q : sections.questions()) name_at(q.offset());
        for (auto r : sections.answers()) {
            name_at(r.offset());
            if (auto t = r.target()) name_at(t->offset());
        }
    }
};

void frame(seed_writer& out, const wc::capture_packet& p) {
    // The dissect target's first byte picks the link type (see dissect_fuzz.cpp).
    static constexpr std::uint32_t links[] = {wc::linktype_ethernet, wc::linktype_linux_sll, wc::linktype_linux_sll2,
                                              wc::linktype_ipv4, wc::linktype_ipv6};
    for (std::size_t i = 0; i < std::size(links); ++i)
        if (links[i] == static_cast<std::uint32_t>(p.link)) out.add("dissect", p.data, std::string(1, static_cast<char>(i)));
    layer_seeds seeds{out};
    (void)wc::dissect(p.data, static_cast<std::uint32_t>(p.link), seeds, wc::dissect_options{.cut_short = p.original_length > p.data.size()});
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: make_seeds CAPTURES_DIR OUTPUT_DIR\n");
        return 2;
    }
    seed_writer out{argv[2], {}};
    fs::remove_all(out.root);
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(argv[1]))
        if (entry.is_regular_file() && (entry.path().extension() == ".pcap" || entry.path().extension() == ".pcapng"))
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        auto file = wc::read_file(path.string());
        if (!file) continue;
        if (file->size() <= max_pcap_seed_size) {
            out.add("pcap", *file);
            out.add("tls_connections", *file);  // whole captures: the tracker follows connections across frames
        }
        auto reader = wc::capture_reader::open(*file);
        if (!reader) continue;
        for (;;) {
            auto p = reader->next();
            if (!p || !*p) break;
            frame(out, **p);
        }
    }
    // Record types the captures lack: RFC 9460 D.2 figure 9 (SVCB) and RFC 4034 5.4 (DS).
    const auto hex = [](std::string_view text) {
        std::vector<std::byte> bytes;
        for (std::size_t i = 0; i + 1 < text.size(); i += 2) bytes.push_back(static_cast<std::byte>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
        return bytes;
    };
    out.add("dns_rdata", hex("001003666f6f076578616d706c65036f7267000000000400010004000100090268320568332d313900040004c0000201"), std::string{'\0', '\x40'});
    out.add("dns_rdata", hex("ec4505012bb183af5f22588179a53b0a98631fad1a292118"), std::string{'\0', '\x2b'});
    // RFC 5155 appendix A's NSEC3 and NSEC3PARAM, RFC 6698 2.3's TLSA, RFC 9460 8's mandatory.
    out.add("dns_rdata", hex("0101000c04aabbccdd14174eb2409fe28bcb4887a1836f957f0a8425e27b000722010000000290"), std::string{'\0', '\x32'});
    out.add("dns_rdata", hex("0100000c04aabbccdd"), std::string{'\0', '\x33'});
    out.add("dns_rdata", hex("000001d2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971"), std::string{'\0', '\x34'});
    out.add("dns_rdata", hex("000100000000060001" "0003d431" "00010003026832" "0003000201bb" "d431000178"), std::string{'\0', '\x41'});
    // tls_messages forms the captures lack whole in a segment (tls_messages_test.cpp crafts them
    // after the RFCs' layouts): a Certificate, a TLS 1.3 Certificate and CertificateRequest, a
    // TLS 1.2 ServerKeyExchange, a TLS 1.3 NewSessionTicket, a KeyUpdate.
    using hs = wc::tls_handshake_type;
    const wc::tls_session_facts tls12{wc::tls_version::tls_1_2, 0xc02f}, tls13{wc::tls_version::tls_1_3, 0x1301};
    out.add("tls_messages", hex("00000b" "000002" "3000" "000003" "300105"), tls_message_prefix(hs::certificate, tls12));
    out.add("tls_messages", hex("00" "000007" "000002" "3000" "0000"), tls_message_prefix(hs::certificate, tls13));
    out.add("tls_messages", hex("00" "0008" "000d" "0004" "00020804"), tls_message_prefix(hs::certificate_request, tls13));
    out.add("tls_messages", hex("02" "0140" "0004" "04030804" "0004" "0002" "3000"), tls_message_prefix(hs::certificate_request, tls12));
    out.add("tls_messages", hex("03" "001d" "02aabb" "0804" "0003010203"), tls_message_prefix(hs::server_key_exchange, tls12));
    out.add("tls_messages", hex("00001c20" "01020304" "020001" "0001ab" "0000"), tls_message_prefix(hs::new_session_ticket, tls13));
    out.add("tls_messages", hex("01"), tls_message_prefix(hs::key_update, tls13));
    // tls_crafting (tls_crafting_fuzz.cpp): seed 1, "example.test", ALPN h2 and http/1.1, TLS 1.3
    // and 1.2, groups X25519 and P-256, a share for each.
    out.add("tls_crafting", hex("0000000000000001" "0c" "6578616d706c652e74657374" "02" "02" "6832" "08" "687474702f312e31" "03" "01" "00" "01"
                                "02" "00" "01"));
    // tcp_connection life cycles in its command language (tcp_connection_fuzz.cpp): a passive
    // open through data, keepalive and an active close; an active open through a passive close.
    out.add("tcp_connection", hex("02" "0101000010" "0000" "0102000010" "0000" "0102000010" "0010" "0420" "0102000010" "0000"
                                  "0740" "05" "0106000010" "0000" "07ff" "07ff"));
    out.add("tcp_connection", hex("03" "0103000010" "0000" "0102000010" "0008" "0106000010" "0000" "0408" "05" "0102000010"
                                  "0000" "0101000010" "0000" "0108400010" "0000" "06"));
    // ip_reassembly (ip_reassembly_fuzz.cpp): datagram 0 in two fragments, in order; datagram 1
    // in three, the last first. tcp_stream (tcp_stream_fuzz.cpp): a stream with a gap filled late.
    out.add("ip_reassembly", hex("0100000002" "08" "0100000201" "03" "0101000401" "13" "0101000002" "18" "0101000202" "08"));
    out.add("tcp_stream", hex("fffffff0" "00001000" "00201001" "00100c02" "00000400"));
    // syn_cookie (syn_cookie_fuzz.cpp): keys, IPv4 10.99.0.2:40000 -> 10.99.0.1:80, MSS 1460,
    // checked a minute later with one bit tampered; then IPv6 with no MSS option, 3 minutes late.
    out.add("syn_cookie", hex("000102030405060708090a0b0c0d0e0f" "f0e0d0c0b0a090807060504030201000" "00" "0a630002" "0a630001"
                              "9c40" "0050" "fffffff0" "05b4" "00001234" "01" "00000001" "00" "faf0"));
    out.add("syn_cookie", hex("000102030405060708090a0b0c0d0e0f" "f0e0d0c0b0a090807060504030201000" "01"
                              "fd000099000000000000000000000002" "fd000099000000000000000000000001" "9c41" "01bb" "00000001"
                              "0000" "ffffff00" "03" "80000000" "80" "ffff"));
    for (const auto& [target, set] : out.seen) std::printf("%-10s %zu seeds\n", target.c_str(), set.size());
    return 0;
}
