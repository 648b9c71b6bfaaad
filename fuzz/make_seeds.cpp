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

void ip_layers(seed_writer& out, bytes_view bytes, bool quoted) {
    out.add("ipv4", bytes, quoted ? flags_quoted : flags_strict);
    auto ip = wc::parse<wc::ipv4>(bytes, {.allow_truncated_payload = true});
    if (!ip || ip->get<"fragment_offset">() != 0) return;
    if (ip->get<"protocol">() == wc::ip_protocol::udp) out.add("udp", ip->payload(), flags_quoted);
    if (ip->get<"protocol">() == wc::ip_protocol::icmp) out.add("icmp", ip->payload());
}

void ethertype_layers(seed_writer& out, wc::ethertype type, bytes_view payload) {
    if (type == wc::ethertype::ipv4) ip_layers(out, payload, false);
    if (type == wc::ethertype::arp) out.add("arp", payload);
}

void frame(seed_writer& out, const wc::capture_packet& p) {
    if (p.link == wc::link_type::linux_sll || p.link == wc::link_type::linux_sll2) {
        out.add("linux_sll", p.data);
        if (p.link == wc::link_type::linux_sll)
            if (auto sll = wc::parse<wc::linux_sll>(p.data)) ethertype_layers(out, sll->get<"protocol">(), sll->payload());
        if (p.link == wc::link_type::linux_sll2)
            if (auto sll = wc::parse<wc::linux_sll2>(p.data)) ethertype_layers(out, sll->get<"protocol">(), sll->payload());
        return;
    }
    if (p.link == wc::link_type::raw || p.link == wc::link_type::ipv4) {
        ip_layers(out, p.data, false);
        return;
    }
    if (p.link != wc::link_type::ethernet) return;
    out.add("ethernet", p.data);
    auto eth = wc::parse<wc::ethernet>(p.data);
    if (!eth) return;
    auto type = eth->get<"type">();
    auto payload = eth->payload();
    while (wc::is_vlan_tag(type)) {
        out.add("vlan", payload);
        auto tag = wc::parse<wc::vlan_tag>(payload);
        if (!tag) return;
        type = tag->get<"type">();
        payload = tag->payload();
    }
    ethertype_layers(out, type, payload);
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
        if (file->size() <= max_pcap_seed_size) out.add("pcap", *file);
        auto reader = wc::capture_reader::open(*file);
        if (!reader) continue;
        for (;;) {
            auto p = reader->next();
            if (!p || !*p) break;
            frame(out, **p);
        }
    }
    for (const auto& [target, set] : out.seen) std::printf("%-10s %zu seeds\n", target.c_str(), set.size());
    return 0;
}
