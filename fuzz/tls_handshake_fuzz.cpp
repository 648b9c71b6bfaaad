// The TLS handshake machines through tls_handshake_observer: the input is a list of commands,
// each a control byte (bit 7: the server's side, else the client's; bits 5-6: what) and its
// operands:
//   0: stream bytes for that side's tls_reader (1-byte length, then the bytes)
//   1: a handshake message (type, 1-byte length, body), as a decrypted one would come
//   2: a ChangeCipherSpec
//   3: a record the observer cannot read, or an alert (content type, level, description)
// Whatever the order, nothing crashes, the path stays within its limit, and a machine in
// FAILED says where, on what and why.
#include <wirecraft/flow/tls_handshake.hpp>

#include "fuzz.hpp"

namespace {
template <class Machine>
void check_machine(const Machine& m) {
    const auto& c = m.context();
    if (m.state_name() == "FAILED") {
        if (!c.failure) wcfuzz::fail("a FAILED machine must say why", "");
        if (c.failure->state.empty() || c.failure->event.empty() || c.failure->reason.empty())
            wcfuzz::fail("a failure names its state, event and reason", wirecraft::to_string(*c.failure));
    } else if (c.failure) {
        wcfuzz::fail("only a FAILED machine has a failure", wirecraft::to_string(*c.failure));
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wcfuzz;
    input_reader input{as_bytes(data, size)};
    wc::tls_handshake_observer o(wc::tls_observer_limits{.max_path_steps = 64});
    while (!input.empty()) {
        const std::uint8_t control = input.u8();
        const auto side = control & 0x80 ? wc::tls_side::server : wc::tls_side::client;
        switch (control >> 5 & 3) {
            case 0: {
                const auto chunk = input.take(input.u8());
                (void)o.add(side, chunk);
                break;
            }
            case 1: {
                const auto type = static_cast<wc::tls_handshake_type>(input.u8());
                o.handshake_message(side, type, input.take(input.u8()));
                break;
            }
            case 2: o.change_cipher_spec(side); break;
            default: {
                const auto type = static_cast<wc::tls_content_type>(input.u8());
                const auto level = static_cast<wc::tls_alert_level>(input.u8());
                const auto description = static_cast<wc::tls_alert_description>(input.u8());
                if (type == wc::tls_content_type::alert && (control & 1)) o.alert(side, level, description);
                else o.encrypted_record(side, type, 16);
                break;
            }
        }
        check_machine(o.client());
        check_machine(o.server());
    }
    if (o.path().size() > 64) fail("the path must stay within max_path_steps", std::to_string(o.path().size()));
    for (const auto& step : o.path())
        if (wc::to_string(step).size() < 2) fail("a path step prints as its side and what", "");
    return 0;
}
