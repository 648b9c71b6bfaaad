// Whole frames through dissect: the first byte picks the link type, the rest is the frame.
// Every visited layer keeps the round-trip properties; the walk ends (bounded layers) with
// either an error that prints as one line or bytes no binding claims (repeated layers, such as
// the records of a TLS segment, included). wireshark_frame walks
// the same frame (with the padding/trailer split) and must visit the same layers.
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    if (size == 0) return 0;
    static constexpr std::uint32_t links[] = {wc::linktype_ethernet, wc::linktype_linux_sll, wc::linktype_linux_sll2,
                                              wc::linktype_ipv4, wc::linktype_ipv6};
    const std::uint32_t link = links[data[0] % std::size(links)];
    layer_checker check;
    const auto r = wc::dissect(as_bytes(data + 1, size - 1), link, check, wc::dissect_options{.cut_short = (data[0] & 0x80) != 0});
    if (r.failure) check_error(*r.failure);
    // At most max_layers inside one another; repeated ones (TLS records) sit beside them, each
    // on bytes of its own, so their count is bounded by the frame's size.
    if (check.layers != r.layers || r.deepest > wc::dissect_options{}.max_layers || r.deepest > r.layers || (r.layers != 0) != (r.deepest != 0) ||
        r.layers > wc::dissect_options{}.max_layers * size)
        fail("dissect counts the layers it visits and bounds their depth", "");
    // Layers are announced in order; only an already announced one is selected again.
    struct ordered_sink : layer_checker::sink {
        std::size_t announced = 0;
        bool in_order = true;
        void layer(std::size_t index, std::string_view) {
            if (index == announced) ++announced;
            else if (index > announced) in_order = false;
        }
    } fields;
    const auto frame = as_bytes(data + 1, size - 1);
    const auto w = wc::wireshark_frame(frame, link, frame.size() + ((data[0] & 0x80) ? 64 : 0), fields);
    if (!fields.in_order || fields.announced != r.layers || w.layers != r.layers || w.ok() != r.ok())
        fail("wireshark_frame walks the layers dissect walks", "");
    return 0;
}
