// The TLS captures frame by frame, as tshark reads them with reassembly off: each TCP segment's
// payload, less the bytes that finish a record begun in an earlier segment of the same direction,
// then the whole records that start in it. Shared by tests/proto/tls_test.cpp and tls_hello_test.cpp.
#pragma once
#include <map>
#include <span>
#include <string>
#include <vector>

#include <wirecraft/proto/tls.hpp>
#include <wirecraft/proto/tls_hello.hpp>
#include <wirecraft/wirecraft.hpp>

#include "corpus.hpp"

namespace wctest {

struct tls_frame {
    std::vector<std::byte> payload;  // from the first record boundary in the segment
    std::vector<std::byte> whole;    // the segment's whole TCP payload
};

// frame number -> the segment, for every frame with a TCP payload.
inline std::map<std::size_t, tls_frame> tls_frames(const std::string& capture) {
    const auto data = load(data_dir() + "/captures/" + capture);
    auto reader = wc::capture_reader::open(data).value();
    std::map<std::string, std::size_t> pending;  // direction -> bytes still owed to a record
    std::map<std::size_t, tls_frame> out;
    std::size_t number = 0;
    while (auto p = reader.next().value()) {
        ++number;
        std::string direction;
        std::span<const std::byte> payload;
        bool found = false;
        wc::dissect(p->data, static_cast<std::uint32_t>(p->link), [&](const auto& layer) {
            using P = typename std::remove_cvref_t<decltype(layer)>::protocol_type;
            // Appended piece by piece: g++ 12 at -O3 warns falsely (-Wrestrict) on "x" + string.
            if constexpr (std::is_same_v<P, wc::ipv4> || std::is_same_v<P, wc::ipv6>) {
                direction += layer.template get<"source">().to_string();
                direction += '>';
                direction += layer.template get<"destination">().to_string();
            }
            if constexpr (std::is_same_v<P, wc::tcp>) {
                direction += ':';
                direction += std::to_string(layer.template get<"source_port">());
                direction += '>';
                direction += std::to_string(layer.template get<"destination_port">());
                payload = layer.payload();
                found = true;
            }
        });
        if (!found || payload.empty()) continue;
        auto& owed = pending[direction];
        const std::size_t skip = std::min(owed, payload.size());
        owed -= skip;
        tls_frame f{{payload.begin() + static_cast<std::ptrdiff_t>(skip), payload.end()}, {payload.begin(), payload.end()}};
        // What the last record in the segment still needs comes in the next segments.
        std::span<const std::byte> rest = f.payload;
        while (rest.size() >= wc::tls_record_header_size) {
            const auto type = std::to_integer<unsigned>(rest[0]);
            if (type < 20 || type > 24) break;  // not a TLS record (an SSL 2.0 message, or none)
            const std::size_t total = wc::tls_record_header_size + (std::to_integer<std::size_t>(rest[3]) << 8 | std::to_integer<std::size_t>(rest[4]));
            if (total > rest.size()) {
                owed = total - rest.size();
                break;
            }
            rest = rest.subspan(total);
        }
        out.emplace(number, std::move(f));
    }
    return out;
}

// The whole records at the start of `bytes`, parsed.
inline std::vector<wc::view<wc::tls_record>> whole_records(std::span<const std::byte> bytes) {
    std::vector<wc::view<wc::tls_record>> records;
    while (!bytes.empty()) {
        auto r = wc::parse<wc::tls_record>(bytes);
        if (!r) break;
        const auto type = static_cast<unsigned>(r->get<"content_type">());
        if (type < 20 || type > 24) break;
        records.push_back(*r);
        bytes = bytes.subspan(r->bytes().size());
    }
    return records;
}

// The handshake messages wholly inside the frame's whole records, in order.
inline std::vector<wc::view<wc::tls_handshake>> whole_handshakes(const std::vector<wc::view<wc::tls_record>>& records) {
    std::vector<wc::view<wc::tls_handshake>> out;
    for (const auto& record : records) {
        if (record.get<"content_type">() != wc::tls_content_type::handshake) continue;
        auto fragment = record.payload();
        while (!fragment.empty()) {
            auto h = wc::parse<wc::tls_handshake>(fragment);
            if (!h) break;  // encrypted (TLS 1.2 Finished), or split across records
            out.push_back(*h);
            fragment = fragment.subspan(h->bytes().size());
        }
    }
    return out;
}

}  // namespace wctest
