// dissect: prints every frame of a pcap or pcapng file, layer by layer, as the library's
// bindings walk it (Ethernet/VLAN or Linux SLL → ARP | IPv4 | IPv6 + extension headers →
// ICMP | ICMPv6 | UDP | TCP, and the packets ICMP errors quote).
//
//   dissect FILE            a field tree per layer (like tshark -V)
//   dissect --summary FILE  one line per frame
//   dissect --json FILE     one JSON object per frame, fields under Wireshark's names:
//     {"frame": 1, "layers": [{"protocol": "eth", "fields": {"eth.dst": "ff:ff:ff:ff:ff:ff", ...}}, ...], "error": null}
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <wirecraft/dissection/summary.hpp>
#include <wirecraft/dissection/wireshark.hpp>
#include <wirecraft/wirecraft.hpp>

namespace wc = wirecraft;

namespace {

enum class mode { tree, summary, json };

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", u);
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// Collects one layer's fields in order; a name seen twice becomes an array.
struct json_fields {
    std::vector<std::pair<std::string, std::vector<std::string>>> fields;

    void add(std::string_view name, std::string value) {
        for (auto& [n, values] : fields)
            if (n == name) {
                values.push_back(std::move(value));
                return;
            }
        fields.push_back({std::string(name), {std::move(value)}});
    }
    void integer(std::string_view name, std::uint64_t v) { add(name, std::to_string(v)); }
    void signed_integer(std::string_view name, std::int64_t v) { add(name, std::to_string(v)); }
    void text(std::string_view name, const std::string& v) { add(name, json_string(v)); }
    void bytes(std::string_view name, std::span<const std::byte> v) {
        std::string hex;
        for (auto b : v) {
            hex += wc::detail::hex_char(std::to_integer<unsigned>(b) >> 4);
            hex += wc::detail::hex_char(std::to_integer<unsigned>(b));
        }
        add(name, json_string(hex));
    }
    std::string to_json() const {
        std::string out = "{";
        for (const auto& [name, values] : fields) {
            if (out.size() > 1) out += ", ";
            out += json_string(name) + ": ";
            if (values.size() == 1) {
                out += values[0];
            } else {
                out += "[";
                for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + values[i];
                out += "]";
            }
        }
        return out + "}";
    }
};

// One frame's layers for --json: wireshark_frame selects the layer each field belongs to.
struct json_frame {
    std::vector<std::pair<std::string, json_fields>> layers;
    json_fields* current = nullptr;

    void layer(std::size_t index, std::string_view protocol) {
        if (index == layers.size()) layers.push_back({std::string(protocol), {}});
        current = &layers[index].second;
    }
    void integer(std::string_view name, std::uint64_t v) { current->integer(name, v); }
    void signed_integer(std::string_view name, std::int64_t v) { current->signed_integer(name, v); }
    void text(std::string_view name, const std::string& v) { current->text(name, v); }
    void bytes(std::string_view name, std::span<const std::byte> v) { current->bytes(name, v); }
    std::string to_json() const {
        std::string out;
        for (const auto& [protocol, fields] : layers)
            out += (out.empty() ? "" : ", ") + std::string("{\"protocol\": ") + json_string(protocol) + ", \"fields\": " + fields.to_json() + "}";
        return out;
    }
};

// The tree and the summary line.
struct frame_printer {
    mode how;
    std::string text;
    std::uint16_t previous_ethertype = 0;  // an 802.1ad S-tag follows EtherType 0x88a8
    bool mdns = false;                     // the UDP layer used port 5353

    template <class P>
    void operator()(const wc::view<P>& layer) {
        constexpr bool is_vlan = std::is_same_v<P, wc::vlan_tag>;
        const bool service_tag = is_vlan && previous_ethertype == 0x88a8;
        if constexpr (std::is_same_v<P, wc::ethernet> || is_vlan)
            previous_ethertype = static_cast<std::uint16_t>(layer.template get<"type">());
        if constexpr (std::is_same_v<P, wc::udp>)
            mdns = layer.template get<"source_port">() == 5353 || layer.template get<"destination_port">() == 5353;
        std::string line;
        if constexpr (std::is_same_v<P, wc::dns>) line = wc::summary(layer, mdns);
        else line = wc::summary(layer);
        if (how == mode::summary)
            text += (text.empty() ? "" : " / ") + (service_tag ? "802.1ad S-tag " + line.substr(12) : line);
        else
            text += line + "\n" + wc::to_string(layer) + "\n";
    }
};

}  // namespace

int main(int argc, char** argv) {
    mode how = mode::tree;
    const char* path = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--json") == 0) how = mode::json;
        else if (std::strcmp(argv[i], "--summary") == 0) how = mode::summary;
        else if (!path) path = argv[i];
        else path = nullptr, i = argc;
    }
    if (!path) {
        std::fprintf(stderr, "usage: dissect [--json] [--summary] FILE.pcap|FILE.pcapng\n");
        return 2;
    }
    auto file = wc::read_file(path);
    if (!file) {
        std::fprintf(stderr, "dissect: cannot read %s\n", path);
        return 1;
    }
    auto reader = wc::capture_reader::open(*file);
    if (!reader) {
        std::fprintf(stderr, "dissect: %s\n", to_string(reader.error()).c_str());
        return 1;
    }
    for (int number = 1;; ++number) {
        auto packet = reader->next();
        if (!packet) {
            std::fprintf(stderr, "dissect: %s\n", to_string(packet.error()).c_str());
            return 1;
        }
        if (!*packet) break;
        const auto& p = **packet;
        const auto link = static_cast<std::uint32_t>(p.link);
        json_frame json;
        frame_printer printer{how, {}, 0, false};
        const auto result = how == mode::json ? wc::wireshark_frame(p.data, link, p.original_length, json)
                                              : wc::dissect(p.data, link, printer,
                                                            wc::dissect_options{.cut_short = p.original_length > p.data.size()});
        const std::string error = result.failure ? to_string(*result.failure) : std::string{};
        switch (how) {
            case mode::json:
                std::printf("{\"frame\": %d, \"layers\": [%s], \"error\": %s}\n", number, json.to_json().c_str(),
                            result.failure ? json_string(error).c_str() : "null");
                break;
            case mode::summary:
                std::printf("%4d %5zu B  %s%s%s\n", number, p.data.size(), printer.text.c_str(), result.failure ? " / error: " : "",
                            error.c_str());
                break;
            case mode::tree:
                std::printf("Frame %d: %zu bytes captured (%u on the wire)\n%s%s%s%s", number, p.data.size(), p.original_length,
                            printer.text.c_str(), result.failure ? "error: " : "", error.c_str(), result.failure ? "\n" : "");
                if (result.layers > 0 && !result.payload.empty() && !result.failure)
                    std::printf("payload: %zu bytes\n", result.payload.size());
                std::printf("\n");
                break;
        }
    }
    return 0;
}
