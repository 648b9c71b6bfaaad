// dns_query: crafts a DNS query with wirecraft, sends it to a server, and prints the parsed
// answer the way dig does.
//
//   dns_query [--tcp] [--short] [--port N] SERVER NAME [TYPE]
//
// SERVER is an IPv4 address; TYPE is A (default), AAAA, NS, CNAME, PTR, MX, TXT, SOA, SRV, CAA or
// ANY. Over UDP, a truncated answer (TC) is asked again over TCP, as dig does. --short prints
// only the records' data, one per line, as `dig +short` does. Exit status: 0 with an answer,
// 1 when the server cannot be reached or its answer does not parse, 2 on a usage error.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <wirecraft/wirecraft.hpp>

namespace wc = wirecraft;

namespace {

std::optional<wc::dns_type> type_named(std::string_view name) {
    for (const auto& [type, mnemonic] : wc::dns_type_names)
        if (mnemonic == name) return type;
    return std::nullopt;
}

std::string absolute(const wc::dns_name_view& n) {
    const auto text = n.to_owned();
    return text.labels.empty() ? "." : text.to_string() + ".";
}

// The record's data as dig prints it.
std::string dig_data(const wc::dns_record_view& r) {
    if (auto a = r.a()) return a->to_string();
    if (auto a6 = r.aaaa()) return a6->to_string();
    if (auto t = r.target()) return absolute(*t);
    if (auto mx = r.mx()) return std::to_string(mx->preference) + " " + absolute(mx->exchange);
    if (auto srv = r.srv())
        return std::to_string(srv->priority) + " " + std::to_string(srv->weight) + " " + std::to_string(srv->port) + " " +
               absolute(srv->target);
    if (auto soa = r.soa())
        return absolute(soa->primary) + " " + absolute(soa->mailbox) + " " + std::to_string(soa->serial) + " " +
               std::to_string(soa->refresh) + " " + std::to_string(soa->retry) + " " + std::to_string(soa->expire) + " " +
               std::to_string(soa->minimum);
    if (auto caa = r.caa()) return std::to_string(caa->flags) + " " + std::string(caa->tag) + " \"" + std::string(caa->value) + "\"";
    if (r.type() == wc::dns_type::txt) {
        std::string s;
        r.for_each_string([&](std::string_view text) { s += (s.empty() ? "\"" : " \"") + std::string(text) + "\""; });
        return s;
    }
    std::string hex = "\\# " + std::to_string(r.rdata_length()) + " ";  // RFC 3597's generic form
    for (auto b : r.rdata_bytes()) {
        hex += wc::detail::hex_char(std::to_integer<unsigned>(b) >> 4);
        hex += wc::detail::hex_char(std::to_integer<unsigned>(b));
    }
    return hex;
}

std::string type_text(wc::dns_type t) {
    const auto name = enum_name(t);
    return name.empty() ? "TYPE" + std::to_string(static_cast<unsigned>(t)) : std::string(name);
}

void print(const wc::view<wc::dns>& m, bool short_form) {
    const auto s = m.get<"sections">();
    if (short_form) {
        for (auto r : s.answers()) std::printf("%s\n", dig_data(r).c_str());
        return;
    }
    static constexpr const char* statuses[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};
    const auto rcode = static_cast<unsigned>(m.get<"rcode">());
    std::printf(";; ->>HEADER<<- opcode: QUERY, status: %s, id: %u\n", rcode < 6 ? statuses[rcode] : "RCODE",
                static_cast<unsigned>(m.get<"id">()));
    std::string flags = "qr";
    if (m.get<"authoritative">()) flags += " aa";
    if (m.get<"truncated">()) flags += " tc";
    if (m.get<"recursion_desired">()) flags += " rd";
    if (m.get<"recursion_available">()) flags += " ra";
    std::printf(";; flags: %s; QUERY: %zu, ANSWER: %zu, AUTHORITY: %zu, ADDITIONAL: %zu\n\n", flags.c_str(), s.question_count(),
                s.answer_count(), s.authority_count(), s.additional_count());
    std::printf(";; QUESTION SECTION:\n");
    for (auto q : s.questions()) std::printf(";%s\t\tIN\t%s\n", absolute(q.name()).c_str(), type_text(q.type()).c_str());
    auto section = [](const char* title, const auto& records) {
        if (records.empty()) return;
        std::printf("\n;; %s SECTION:\n", title);
        for (auto r : records)
            std::printf("%s\t%u\tIN\t%s\t%s\n", absolute(r.name()).c_str(), r.ttl(), type_text(r.type()).c_str(), dig_data(r).c_str());
    };
    section("ANSWER", s.answers());
    section("AUTHORITY", s.authorities());
    section("ADDITIONAL", s.additionals());
}

struct socket_handle {
    int fd = -1;
    explicit socket_handle(int f) : fd(f) {}
    socket_handle(const socket_handle&) = delete;
    socket_handle& operator=(const socket_handle&) = delete;
    ~socket_handle() {
        if (fd >= 0) close(fd);
    }
};

bool set_timeout(int fd) {
    timeval tv{3, 0};
    return setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0 && setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == 0;
}

std::optional<std::vector<std::byte>> ask_udp(const sockaddr_in& server, const std::vector<std::byte>& query) {
    socket_handle s(socket(AF_INET, SOCK_DGRAM, 0));
    if (s.fd < 0 || !set_timeout(s.fd)) return std::nullopt;
    if (sendto(s.fd, query.data(), query.size(), 0, reinterpret_cast<const sockaddr*>(&server), sizeof server) < 0) return std::nullopt;
    std::vector<std::byte> answer(65535);
    const auto n = recv(s.fd, answer.data(), answer.size(), 0);
    if (n < 0) return std::nullopt;
    answer.resize(static_cast<std::size_t>(n));
    return answer;
}

bool read_all(int fd, std::byte* to, std::size_t n) {
    for (std::size_t got = 0; got < n;) {
        const auto r = recv(fd, to + got, n - got, 0);
        if (r <= 0) return false;
        got += static_cast<std::size_t>(r);
    }
    return true;
}

// Over TCP: the query behind its length; the answer read back the same way.
std::optional<std::vector<std::byte>> ask_tcp(const sockaddr_in& server, const wc::dns& query) {
    socket_handle s(socket(AF_INET, SOCK_STREAM, 0));
    if (s.fd < 0 || !set_timeout(s.fd)) return std::nullopt;
    if (connect(s.fd, reinterpret_cast<const sockaddr*>(&server), sizeof server) < 0) return std::nullopt;
    const auto bytes = wc::to_bytes(wc::dns_over_tcp{.message = query});
    if (!bytes || send(s.fd, bytes->data(), bytes->size(), 0) != static_cast<ssize_t>(bytes->size())) return std::nullopt;
    std::byte prefix[2];
    if (!read_all(s.fd, prefix, 2)) return std::nullopt;
    std::vector<std::byte> answer(wc::detail::load_be(prefix, 2));
    if (!read_all(s.fd, answer.data(), answer.size())) return std::nullopt;
    return answer;
}

}  // namespace

int main(int argc, char** argv) {
    bool tcp = false, short_form = false;
    unsigned port = 53;
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--tcp") tcp = true;
        else if (a == "--short") short_form = true;
        else if (a == "--port" && i + 1 < argc) port = static_cast<unsigned>(std::stoul(argv[++i]));
        else args.push_back(a);
    }
    std::optional<wc::dns_type> type = args.size() == 3 ? type_named(args[2]) : wc::dns_type::a;
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(static_cast<std::uint16_t>(port));
    if (args.size() < 2 || args.size() > 3 || !type || inet_pton(AF_INET, args[0].c_str(), &server.sin_addr) != 1 || port > 65535) {
        std::fprintf(stderr, "usage: dns_query [--tcp] [--short] [--port N] SERVER NAME [TYPE]\n");
        return 2;
    }
    wc::dns query{.id = static_cast<std::uint16_t>(getpid()), .recursion_desired = true};
    query.sections.questions = {{wc::dns_name::from(args[1]), *type}};

    std::optional<std::vector<std::byte>> answer;
    if (!tcp) {
        const auto bytes = wc::to_bytes(query);
        if (!bytes) {
            std::fprintf(stderr, "dns_query: %s\n", to_string(bytes.error()).c_str());
            return 2;
        }
        answer = ask_udp(server, *bytes);
        if (answer) {
            auto m = wc::parse<wc::dns>(*answer);
            if (m && m->get<"truncated">()) {
                if (!short_form) std::printf(";; Truncated, retrying in TCP mode.\n");
                tcp = true;
            }
        }
    }
    if (tcp) answer = ask_tcp(server, query);
    if (!answer) {
        std::fprintf(stderr, "dns_query: no answer from %s port %u\n", args[0].c_str(), port);
        return 1;
    }
    auto m = wc::parse<wc::dns>(*answer);
    if (!m) {
        std::fprintf(stderr, "dns_query: %s\n", to_string(m.error()).c_str());
        return 1;
    }
    if (m->get<"id">() != query.id || !m->get<"response">()) {
        std::fprintf(stderr, "dns_query: the answer is not a response to this query\n");
        return 1;
    }
    print(*m, short_form);
    return 0;
}
