// TCP stream reassembly against a model. The input is a start sequence number (4 bytes), then
// segments: a signed 16-bit position relative to the next byte expected, a length, a flag byte
// (bit 0: FIN; the rest: a salt). A segment's byte at stream offset o is (o * 7 + salt) & 0xff,
// so segments with different salts disagree where they overlap.
// The model keeps each offset's first byte (the reassembler's policy: bytes held first win;
// bytes already delivered are not replaced). Properties:
//   the bytes delivered are exactly the model's bytes from offset 0 up to its first gap;
//   a segment refused for a limit changes nothing; the bytes and pieces held stay within the
//   limits; flush delivers every byte the model has, in order, and reports the gaps between.
#include <string>
#include <vector>

#include <wirecraft/flow/tcp_stream.hpp>

#include "fuzz.hpp"

namespace {
using namespace wcfuzz;

// Each offset's first byte, or -1: offsets stay small, since a segment may start at most
// max_ahead past the next byte.
struct model_stream {
    std::vector<int> bytes;
    std::uint64_t delivered = 0;
    bool has(std::uint64_t o) const { return o < bytes.size() && bytes[o] >= 0; }
    void offer(std::uint64_t o, std::uint8_t b) {
        if (o >= bytes.size()) bytes.resize(o + 1, -1);
        if (bytes[o] < 0) bytes[o] = b;
    }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 4) return 0;
    const std::uint32_t start = static_cast<std::uint32_t>(data[0] << 24 | data[1] << 16 | data[2] << 8 | data[3]);
    const wc::tcp_stream_limits limits{.max_buffered = 600, .max_segments = 6, .max_ahead = 2000};
    wc::tcp_stream stream(limits);
    stream.start(start);
    model_stream model;
    std::string out;
    auto deliver = [&](std::span<const std::byte> b) { out.append(reinterpret_cast<const char*>(b.data()), b.size()); };
    std::array<std::byte, 256> text{};
    for (std::size_t at = 4; at + 4 <= size; at += 4) {
        const auto position = static_cast<std::int16_t>(data[at] << 8 | data[at + 1]);
        const std::size_t length = data[at + 2];
        const bool fin = data[at + 3] & 1;
        const std::uint8_t salt = data[at + 3] >> 1;
        const std::int64_t first = static_cast<std::int64_t>(stream.delivered()) + position;
        for (std::size_t i = 0; i < length; ++i)
            text[i] = static_cast<std::byte>((static_cast<std::uint64_t>(first + static_cast<std::int64_t>(i)) * 7 + salt) & 0xff);
        const std::uint32_t sequence = stream.next_sequence() + static_cast<std::uint32_t>(static_cast<std::int32_t>(position));
        const auto held_before = stream.buffered();
        const auto refused = stream.add(sequence, std::span(text).first(length), fin, deliver);
        if (refused) {
            check_error(*refused);
            if (stream.buffered() != held_before) fail("a refused segment changes nothing", to_string(*refused));
        } else {
            for (std::size_t i = 0; i < length; ++i) {
                const std::int64_t o = first + static_cast<std::int64_t>(i);
                if (o >= 0) model.offer(static_cast<std::uint64_t>(o), std::to_integer<std::uint8_t>(text[i]));
            }
        }
        const std::uint64_t checked = model.delivered;
        while (model.has(model.delivered)) ++model.delivered;
        if (out.size() != model.delivered) fail("delivered up to the first gap", std::to_string(out.size()) + " vs " + std::to_string(model.delivered));
        for (std::uint64_t i = checked; i < out.size(); ++i)
            if (static_cast<std::uint8_t>(out[i]) != model.bytes[i]) fail("the first bytes seen win", std::to_string(i));
        if (stream.buffered() > limits.max_buffered || stream.buffered_segments() > limits.max_segments)
            fail("held within the limits", std::to_string(stream.buffered()));
    }
    // flush: every byte the model has, in order, the gaps reported between them.
    std::uint64_t expected_at = out.size();
    bool gaps_consistent = true;
    stream.flush(deliver, [&](std::uint64_t offset, std::uint64_t gap) {
        gaps_consistent = gaps_consistent && offset == out.size() && gap > 0;
        out.append(static_cast<std::size_t>(gap), '\0');
    });
    if (!gaps_consistent) fail("gaps are reported where the delivered bytes end", "");
    for (std::uint64_t o = expected_at; o < model.bytes.size(); ++o) {
        if (!model.has(o)) continue;
        if (o >= out.size() || static_cast<std::uint8_t>(out[o]) != model.bytes[o]) fail("flush delivers every byte held, in place", std::to_string(o));
    }
    if (stream.buffered() != 0) fail("flush empties the stream", "");
    return 0;
}
