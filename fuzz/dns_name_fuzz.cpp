// DNS names inside a message (proto/dns_name.hpp): a 2-byte offset, then the message. The fast
// check parse uses and the checked walk that words errors must agree on every input (accept the
// same names, with the same size); a name they accept must read the same labels through its
// view, and must write back, compressed or not, to bytes that read as the same name.
#include <string>
#include <vector>

#include <wirecraft/proto/dns_name.hpp>

#include "fuzz.hpp"

namespace {
namespace wc = wirecraft;

std::vector<std::string> walked_labels(wcfuzz::bytes_view message, std::size_t at) {
    std::vector<std::string> labels;
    (void)wc::detail::walk_dns_name(message, at, [&](wcfuzz::bytes_view l) { labels.emplace_back(reinterpret_cast<const char*>(l.data()), l.size()); });
    return labels;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    input_reader in{as_bytes(data, size)};
    const std::size_t at = in.u16();
    const bytes_view message = in.in;
    if (at >= message.size()) return 0;
    const std::size_t fast = wc::detail::check_dns_name(message, at);
    const auto walked = wc::detail::walk_dns_name(message, at, [](auto) {});
    if (!walked) {
        check_error(walked.error());
        if (fast != 0) fail("the fast check accepted a name the checked walk refuses", to_string(walked.error()));
        return 0;
    }
    if (fast != *walked) fail("the fast check and the checked walk must give the same size", std::to_string(fast) + " vs " + std::to_string(*walked));

    const wc::dns_name_view view(message, at);
    if (view.in_place_size() != *walked) fail("the view's size in place must be the walk's", "");
    std::vector<std::string> viewed;
    view.for_each_label([&](std::string_view l) { viewed.emplace_back(l); });
    if (viewed != walked_labels(message, at)) fail("the view must read the labels the walk reads", view.to_string());
    const wc::dns_name owned = view.to_owned();
    if (owned.labels != viewed) fail("the owned name must hold the view's labels", view.to_string());

    // Written after a header, twice: compressed, the second is a pointer to the first; not, both
    // take the name's whole wire size. Either way both read back as the name.
    wc::dns_name name = owned;
    name.as_read.reset();
    for (const bool compress : {true, false}) {
        std::vector<std::byte> out(wc::detail::dns_header_bytes + 2 * name.wire_size());
        wc::detail::dns_name_writer writer(out, compress);
        const std::size_t first = writer.write(name, wc::detail::dns_header_bytes);
        const std::size_t second = writer.write(name, wc::detail::dns_header_bytes + first);
        out.resize(wc::detail::dns_header_bytes + first + second);
        if (first != name.wire_size()) fail("a name written first takes its whole wire size", view.to_string());
        if (second != (compress && !name.labels.empty() ? 2 : name.wire_size())) fail("a repeated name is a pointer when compressing, whole when not", view.to_string());
        for (const std::size_t start : {wc::detail::dns_header_bytes, wc::detail::dns_header_bytes + first}) {
            const auto back = wc::detail::walk_dns_name(out, start, [](auto) {});
            if (!back || walked_labels(out, start) != owned.labels) fail("a written name must read back as itself", view.to_string());
        }
    }
    return 0;
}
