// TCP stream reassembly, one direction: segments in, in-order bytes out through a callback.
// This is what reads an application protocol (TLS records, DNS over TCP) from a capture.
//
//   wc::tcp_stream s;                                   // limits: tcp_stream_limits{}
//   s.start(syn_sequence + 1);                          // the first data byte's number
//   s.add(seq, payload, fin, [&](std::span<const std::byte> bytes) { parser.feed(bytes); });
//
// - Out of order: held until the gap before it fills.
// - Retransmissions: the bytes already delivered are skipped; only new bytes go out.
// - Overlaps: the bytes held first win. A later segment whose overlapping bytes differ is
//   counted in `counters().conflicts`, a sign of an evasion attempt or a broken sender.
// - Sequence numbers wrap: positions are kept as 64-bit stream offsets.
// - Bounded: at most `max_buffered` bytes and `max_segments` pieces are held out of order, and
//   nothing further ahead than `max_ahead`. A segment past a limit is refused, with an error
//   saying which limit; nothing grows without bound.
// - `flush` gives up on a gap (a capture that lost a segment): it delivers what is held, and
//   reports the gaps it skips.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "../schema/error.hpp"
#include "sequence.hpp"

namespace wirecraft {

struct tcp_stream_limits {
    std::size_t max_buffered = 1024 * 1024;  // out-of-order bytes held
    std::size_t max_segments = 1024;         // out-of-order pieces held
    std::uint32_t max_ahead = 16 * 1024 * 1024;  // how far past the next byte a segment may start
};

struct tcp_stream_counters {
    std::uint64_t delivered = 0;     // bytes given to the callback
    std::uint64_t duplicate = 0;     // bytes that arrived again (retransmissions, overlaps)
    std::uint64_t conflicts = 0;     // of those, bytes that differed from what we had
    std::uint64_t out_of_order = 0;  // segments held for a gap
    std::uint64_t skipped = 0;       // bytes of gaps given up by flush()
    std::uint64_t refused = 0;       // segments refused for a limit
};

class tcp_stream {
public:
    explicit tcp_stream(tcp_stream_limits limits = {}) : limits_(limits) {}

    // The sequence number of the first data byte (the SYN's plus one).
    void start(std::uint32_t first_sequence) {
        *this = tcp_stream(limits_);
        next_sequence_ = first_sequence;
        started_ = true;
    }
    bool started() const { return started_; }

    // A segment's text (and FIN). Calls deliver(span) for each run of bytes that is now in order.
    // Returns an error only when a limit refused the segment.
    template <class Deliver>
    std::optional<error> add(std::uint32_t sequence, std::span<const std::byte> data, bool fin, Deliver&& deliver) {
        if (!started_) start(sequence);
        std::int64_t ahead = sequence::distance(next_sequence_, sequence);
        if (ahead < 0 && static_cast<std::uint64_t>(-ahead) > delivered_offset_) {
            // It starts before the stream's first byte: only what follows that can be new.
            const std::uint64_t before = static_cast<std::uint64_t>(-ahead) - delivered_offset_;
            if (before >= data.size()) {
                counters_.duplicate += data.size();
                return std::nullopt;
            }
            counters_.duplicate += before;
            data = data.subspan(static_cast<std::size_t>(before));
            ahead += static_cast<std::int64_t>(before);
        }
        const std::uint64_t begin_offset = static_cast<std::uint64_t>(static_cast<std::int64_t>(delivered_offset_) + ahead);
        if (ahead > 0 && static_cast<std::uint64_t>(ahead) > limits_.max_ahead) {
            ++counters_.refused;
            return error{error_kind::limit_exceeded, "tcp_stream", "sequence_number", 0, static_cast<std::uint64_t>(ahead),
                         limits_.max_ahead, "bytes ahead of the next expected byte"};
        }
        auto refused = take(begin_offset, data, deliver);
        if (fin && !refused) {
            const std::uint64_t end = begin_offset + data.size();
            if (!fin_offset_ || end < *fin_offset_) fin_offset_ = end;  // a FIN cannot move later
        }
        return refused;
    }

    // Gives up on the gaps: delivers everything held, in order, and reports each gap skipped
    // through gap(offset, size). For a capture that lost segments, at the end of a connection.
    template <class Deliver, class Gap>
    void flush(Deliver&& deliver, Gap&& gap) {
        while (!pending_.empty()) {
            const piece& p = pending_.front();
            if (p.offset > delivered_offset_) {
                gap(delivered_offset_, p.offset - delivered_offset_);
                counters_.skipped += p.offset - delivered_offset_;
                advance(p.offset - delivered_offset_);
            }
            drain(deliver);
        }
    }

    // Every byte up to the FIN delivered.
    bool finished() const { return fin_offset_ && delivered_offset_ >= *fin_offset_; }
    std::uint64_t delivered() const { return delivered_offset_; }  // stream offset of the next byte
    std::uint32_t next_sequence() const { return next_sequence_; }
    std::size_t buffered() const { return pending_bytes_; }
    std::size_t buffered_segments() const { return pending_.size(); }
    const tcp_stream_counters& counters() const { return counters_; }

private:
    struct piece {
        std::uint64_t offset;
        std::vector<std::byte> bytes;
        std::uint64_t end() const { return offset + bytes.size(); }
    };

    void advance(std::uint64_t n) {
        delivered_offset_ += n;
        next_sequence_ += static_cast<std::uint32_t>(n);
    }

    struct run {
        std::uint64_t offset;
        std::span<const std::byte> bytes;
    };

    // The runs of [offset, offset + data) that no held piece covers; the covered bytes are
    // counted as duplicates, and as conflicts where they differ from what is held.
    std::vector<run> fresh_runs(std::uint64_t offset, std::span<const std::byte> data) {
        std::vector<run> runs;
        const std::uint64_t end = offset + data.size();
        auto bytes_of = [&](std::uint64_t from, std::uint64_t to) {
            return data.subspan(static_cast<std::size_t>(from - offset), static_cast<std::size_t>(to - from));
        };
        std::uint64_t at = offset;
        auto it = std::lower_bound(pending_.begin(), pending_.end(), offset, [](const piece& p, std::uint64_t o) { return p.end() <= o; });
        for (; at < end && it != pending_.end() && it->offset < end; ++it) {
            if (it->offset > at) runs.push_back({at, bytes_of(at, it->offset)});
            at = std::max(at, it->offset);
            const std::uint64_t covered = std::min(end, it->end());
            const auto mine = bytes_of(at, covered);
            const auto held = std::span(it->bytes).subspan(static_cast<std::size_t>(at - it->offset), mine.size());
            counters_.duplicate += mine.size();
            if (!std::equal(mine.begin(), mine.end(), held.begin())) counters_.conflicts += mine.size();
            at = covered;
        }
        if (at < end) runs.push_back({at, bytes_of(at, end)});
        return runs;
    }

    template <class Deliver>
    std::optional<error> take(std::uint64_t offset, std::span<const std::byte> data, Deliver& deliver) {
        if (offset < delivered_offset_) {  // already delivered: we no longer hold those bytes to compare
            const auto old = static_cast<std::size_t>(std::min<std::uint64_t>(delivered_offset_ - offset, data.size()));
            counters_.duplicate += old;
            data = data.subspan(old);
            offset += old;
        }
        if (data.empty()) return std::nullopt;
        if (pending_.empty() && offset == delivered_offset_) {  // the common case: in order, nothing held
            give(data, deliver);
            return std::nullopt;
        }
        auto runs = pending_.empty() ? std::vector<run>{{offset, data}} : fresh_runs(offset, data);
        // What will wait for a gap: a run is in order if delivery reaches it, through the runs
        // before it and the held pieces between them.
        std::size_t store_bytes = 0, store_count = 0;
        std::uint64_t reach = delivered_offset_;
        auto held = pending_.begin();
        for (const run& r : runs) {
            while (held != pending_.end() && held->offset == reach) reach = (held++)->end();
            if (r.offset == reach) {
                reach = r.offset + r.bytes.size();
                continue;
            }
            store_bytes += r.bytes.size();
            ++store_count;
        }
        if (pending_bytes_ + store_bytes > limits_.max_buffered || pending_.size() + store_count > limits_.max_segments) {
            ++counters_.refused;
            const bool over_bytes = pending_bytes_ + store_bytes > limits_.max_buffered;
            return error{error_kind::limit_exceeded, "tcp_stream", "sequence_number", 0,
                         over_bytes ? pending_bytes_ + store_bytes : pending_.size() + store_count,
                         over_bytes ? limits_.max_buffered : limits_.max_segments,
                         over_bytes ? "out-of-order bytes held" : "out-of-order segments held"};
        }
        if (!runs.empty() && runs.front().offset > delivered_offset_) ++counters_.out_of_order;
        for (const run& r : runs) {
            if (r.offset == delivered_offset_) {
                give(r.bytes, deliver);
                drain(deliver);
            } else {
                auto where = std::lower_bound(pending_.begin(), pending_.end(), r.offset, [](const piece& q, std::uint64_t o) { return q.offset < o; });
                pending_.insert(where, piece{r.offset, {r.bytes.begin(), r.bytes.end()}});
                pending_bytes_ += r.bytes.size();
            }
        }
        drain(deliver);
        return std::nullopt;
    }

    template <class Deliver>
    void give(std::span<const std::byte> bytes, Deliver& deliver) {
        deliver(bytes);
        counters_.delivered += bytes.size();
        advance(bytes.size());
    }

    template <class Deliver>
    void drain(Deliver& deliver) {
        std::size_t done = 0;
        for (; done < pending_.size() && pending_[done].offset == delivered_offset_; ++done) {
            pending_bytes_ -= pending_[done].bytes.size();
            give(std::span<const std::byte>(pending_[done].bytes), deliver);
        }
        pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(done));
    }

    tcp_stream_limits limits_;
    bool started_ = false;
    std::uint32_t next_sequence_ = 0;    // the sequence number of the next byte to deliver
    std::uint64_t delivered_offset_ = 0;  // how many bytes have been delivered
    std::optional<std::uint64_t> fin_offset_{};
    std::vector<piece> pending_{};        // sorted by offset, disjoint, all beyond delivered_offset_
    std::size_t pending_bytes_ = 0;
    tcp_stream_counters counters_{};
};

}  // namespace wirecraft
