// Zharys hardware protocol, version 1: the device side. See ZharysProtocol.h.
#include "ZharysProtocol.h"

#include <string.h>

// ---------------------------------------------------------------- helpers

uint16_t zpCrc16(const uint8_t* data, uint16_t len, uint16_t crc) {
    for (uint16_t i = 0; i < len; i++) {
        crc ^= (uint16_t)data[i] << 8;
        for (uint8_t bit = 0; bit < 8; bit++) {
            crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
        }
    }
    return crc;
}

uint8_t zpFormatUnsigned(uint32_t value, char* out) {
    char rev[10];
    uint8_t n = 0;
    do {
        rev[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    for (uint8_t i = 0; i < n; i++) out[i] = rev[n - 1 - i];
    out[n] = '\0';
    return n;
}

bool zpParseUnsigned(const char* text, uint32_t* value) {
    uint32_t v = 0;
    uint8_t n = 0;
    for (; text[n] != '\0'; n++) {
        char c = text[n];
        if (c < '0' || c > '9' || n >= 10) return false;
        uint32_t next = v * 10 + (uint32_t)(c - '0');
        if (next / 10 != v) return false;  // overflow
        v = next;
    }
    if (n == 0) return false;
    *value = v;
    return true;
}

static const char HEX_DIGITS[] = "0123456789ABCDEF";

static int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static bool fieldChar(char c) {
    return c >= 0x20 && c <= 0x7E && c != '$' && c != ',' && c != '*';
}

bool ZpFrame::is(const char* t) const { return strcmp(type, t) == 0; }

const char* ZpFrame::field(uint8_t i) const { return i < fieldCount ? fields[i] : ""; }

// ---------------------------------------------------------------- decoder

ZpDecoder::ZpDecoder() : errors_(0) { reset(); }

void ZpDecoder::reset() {
    len_ = 0;
    inFrame_ = false;
    sawCr_ = false;
}

bool ZpDecoder::feed(uint8_t b) {
    if (b == '$') {              // hunting: a frame starts; in a frame: the partial one is dropped
        inFrame_ = true;
        len_ = 0;
        sawCr_ = false;
        return false;
    }
    if (!inFrame_) return false;  // hunting: discard everything but `$`
    // A frame ends at `\n`; a hand-typed one (no `*CRC`) also at a lone `\r`, which is what
    // a terminal sends for Enter (the `\n` of a `\r\n` then falls on the hunt).
    if (b == '\n' || (b == '\r' && !sawCr_ && memchr(buf_, '*', len_) == 0)) {
        inFrame_ = false;
        buf_[len_] = '\0';
        if (parse()) return true;
        errors_++;
        return false;
    }
    if (sawCr_ || b < 0x20 || b > 0x7E) {
        if (b == '\r' && !sawCr_) {   // allowed only right before `\n`
            sawCr_ = true;
            if (len_ + 3 > ZP_MAX_FRAME) inFrame_ = false;  // `$` + bytes + `\r\n`
            return false;
        }
        inFrame_ = false;        // a control or 8-bit byte: drop, hunt for the next `$`
        return false;
    }
    if (len_ + 3 > ZP_MAX_FRAME) {   // `$` + bytes + this + `\n` would pass 128 bytes
        inFrame_ = false;
        return false;
    }
    buf_[len_++] = (char)b;
    return false;
}

bool ZpDecoder::parse() {
    char* p = buf_;
    char* star = strchr(buf_, '*');
    frame_.hasSeq = false;
    frame_.seq = 0;
    if (star != 0) {
        // `<seq>,<TYPE>[,<field>...]*<CRC>`: check the CRC, then the seq.
        if (strlen(star + 1) != 4) return false;
        uint16_t got = 0;
        for (uint8_t i = 1; i <= 4; i++) {
            int v = hexValue(star[i]);
            if (v < 0) return false;
            got = (uint16_t)((got << 4) | (uint16_t)v);
        }
        if (zpCrc16((const uint8_t*)buf_, (uint16_t)(star - buf_)) != got) return false;
        *star = '\0';
        uint32_t seq = 0;
        uint8_t digits = 0;
        while (*p >= '0' && *p <= '9') {
            seq = seq * 10 + (uint32_t)(*p - '0');
            p++;
            if (++digits > 5) return false;
        }
        if (digits == 0 || seq > 65535UL || *p != ',') return false;
        p++;
        frame_.hasSeq = true;
        frame_.seq = (uint16_t)seq;
    }
    // Otherwise the hand-typed form `<TYPE>[,<field>...]`.
    frame_.type = p;
    uint8_t typeLen = 0;
    while (*p >= 'A' && *p <= 'Z') {
        p++;
        typeLen++;
    }
    if (typeLen < ZP_MIN_TYPE_LEN || typeLen > ZP_MAX_TYPE_LEN) return false;
    if (*p != ',' && *p != '\0') return false;
    frame_.fieldCount = 0;
    while (*p == ',') {
        *p++ = '\0';
        if (frame_.fieldCount >= ZP_MAX_FIELDS) return false;
        frame_.fields[frame_.fieldCount++] = p;
        uint8_t n = 0;
        while (*p != ',' && *p != '\0') {
            if (!fieldChar(*p) || ++n > ZP_MAX_FIELD_LEN) return false;
            p++;
        }
    }
    return *p == '\0';
}

// ---------------------------------------------------------------- encoder

uint8_t zpEncode(char* out, uint16_t seq, const char* type, const char* const* fields,
                 uint8_t fieldCount) {
    const uint8_t room = ZP_MAX_FRAME - 6;  // keep `*XXXX\n`
    uint8_t pos = 0;
    out[pos++] = '$';
    pos += zpFormatUnsigned(seq, out + pos);
    out[pos++] = ',';
    for (const char* t = type; *t != '\0'; t++) {
        if (pos >= room) return 0;
        out[pos++] = *t;
    }
    for (uint8_t i = 0; i < fieldCount; i++) {
        if (pos >= room) return 0;
        out[pos++] = ',';
        const char* f = fields[i] ? fields[i] : "";
        for (uint8_t n = 0; f[n] != '\0' && n < ZP_MAX_FIELD_LEN; n++) {
            if (pos >= room) return 0;
            out[pos++] = fieldChar(f[n]) ? f[n] : '_';
        }
    }
    uint16_t crc = zpCrc16((const uint8_t*)out + 1, (uint16_t)(pos - 1));
    out[pos++] = '*';
    out[pos++] = HEX_DIGITS[(crc >> 12) & 0xF];
    out[pos++] = HEX_DIGITS[(crc >> 8) & 0xF];
    out[pos++] = HEX_DIGITS[(crc >> 4) & 0xF];
    out[pos++] = HEX_DIGITS[crc & 0xF];
    out[pos++] = '\n';
    return pos;
}

// ---------------------------------------------------------------- protocol

ZharysProtocol::ZharysProtocol(Stream& port, const char* kind, const char* id,
                               const char* firmware)
    : port_(port), kind_(kind), id_(id), firmware_(firmware), command_(0), hello_(0),
      seq_(0), lastHb_(0), lastHeard_(0), heard_(false), failures_(0), order_(0),
      seenCount_(0), seenNext_(0) {
    for (uint8_t i = 0; i < ZP_OUTBOX_SLOTS; i++) outbox_[i].used = false;
}

void ZharysProtocol::begin() {
    lastHb_ = millis();
    sendHello();
}

void ZharysProtocol::sendHello() {
    char t[11];
    zpFormatUnsigned(millis(), t);
    const char* fields[4] = {kind_, id_, firmware_, t};
    sendUnreliable("HELLO", fields, 4);
    if (hello_) hello_();
}

void ZharysProtocol::poll() {
    while (port_.available() > 0) {
        int c = port_.read();
        if (c < 0) break;
        if (decoder_.feed((uint8_t)c)) handle(decoder_.frame());
    }
    uint32_t now = millis();
    retry(now);
    if (now - lastHb_ >= ZP_HEARTBEAT_MS) {
        lastHb_ += ZP_HEARTBEAT_MS;
        if (now - lastHb_ >= ZP_HEARTBEAT_MS) lastHb_ = now;  // we were held up: no burst
        char t[11];
        zpFormatUnsigned(now, t);
        const char* fields[1] = {t};
        sendUnreliable("HB", fields, 1);
    }
}

void ZharysProtocol::handle(const ZpFrame& f) {
    uint32_t now = millis();
    lastHeard_ = now;
    heard_ = true;
    if (f.is("ACK") || f.is("NAK")) {
        uint32_t seq;
        if (!zpParseUnsigned(f.field(0), &seq)) return;
        for (uint8_t i = 0; i < ZP_OUTBOX_SLOTS; i++) {
            if (outbox_[i].used && outbox_[i].seq == seq) outbox_[i].used = false;
        }
        return;
    }
    if (f.is("WHO")) {
        // A (re)connecting server: its seqs may start over, so forget the ones we saw.
        seenCount_ = 0;
        seenNext_ = 0;
        sendHello();
        return;
    }
    if (f.is("PING")) {
        char t[11];
        zpFormatUnsigned(now, t);
        const char* fields[2] = {f.field(0), t};
        sendUnreliable("PONG", fields, 2);
        return;
    }
    if (f.is("HELLO") || f.is("HB") || f.is("PONG")) return;  // not for a device
    // A command that needs an ACK.
    if (f.hasSeq && seen(f.seq, now)) {
        sendAck(f.seq);  // a resend: acknowledge again, do not act twice
        return;
    }
    const char* reason = command_ ? command_(f) : "unknown";
    if (!f.hasSeq) return;  // hand-typed: nothing to acknowledge
    if (reason == 0) {
        remember(f.seq, now);
        sendAck(f.seq);
    } else {
        sendNak(f.seq, reason);
    }
}

bool ZharysProtocol::seen(uint16_t seq, uint32_t now) const {
    for (uint8_t i = 0; i < seenCount_; i++) {
        if (seenSeq_[i] == seq && now - seenAt_[i] < ZP_DEDUPE_MS) return true;
    }
    return false;
}

void ZharysProtocol::remember(uint16_t seq, uint32_t now) {
    seenSeq_[seenNext_] = seq;
    seenAt_[seenNext_] = now;
    seenNext_ = (uint8_t)((seenNext_ + 1) % ZP_DEDUPE);
    if (seenCount_ < ZP_DEDUPE) seenCount_++;
}

void ZharysProtocol::sendUnreliable(const char* type, const char* const* fields,
                                    uint8_t count) {
    char out[ZP_MAX_FRAME];
    uint8_t len = zpEncode(out, nextSeq(), type, fields, count);
    if (len) port_.write((const uint8_t*)out, len);
}

void ZharysProtocol::sendAck(uint16_t seq) {
    char s[11];
    zpFormatUnsigned(seq, s);
    const char* fields[1] = {s};
    sendUnreliable("ACK", fields, 1);
}

void ZharysProtocol::sendNak(uint16_t seq, const char* reason) {
    char s[11];
    zpFormatUnsigned(seq, s);
    const char* fields[2] = {s, reason};
    sendUnreliable("NAK", fields, 2);
}

bool ZharysProtocol::sendEvent(const char* type, const char* f1, const char* f2,
                               const char* f3) {
    return sendEventAt(millis(), type, f1, f2, f3);
}

bool ZharysProtocol::sendEventAt(uint32_t t, const char* type, const char* f1,
                                 const char* f2, const char* f3) {
    char ts[11];
    zpFormatUnsigned(t, ts);
    const char* fields[4] = {ts, f1, f2, f3};
    uint8_t count = 1;
    while (count < 4 && fields[count] != 0) count++;

    Slot* slot = 0;
    for (uint8_t i = 0; i < ZP_OUTBOX_SLOTS && slot == 0; i++) {
        if (!outbox_[i].used) slot = &outbox_[i];
    }
    if (slot == 0) {  // full: give up the oldest
        slot = &outbox_[0];
        for (uint8_t i = 1; i < ZP_OUTBOX_SLOTS; i++) {
            if ((int32_t)(outbox_[i].order - slot->order) < 0) slot = &outbox_[i];
        }
        failures_++;
    }
    uint16_t seq = nextSeq();
    uint8_t len = zpEncode(slot->bytes, seq, type, fields, count);
    if (len == 0) {
        slot->used = false;
        return false;
    }
    slot->used = true;
    slot->len = len;
    slot->seq = seq;
    slot->tries = 1;
    slot->sentAt = millis();
    slot->order = order_++;
    port_.write((const uint8_t*)slot->bytes, len);
    return true;
}

void ZharysProtocol::retry(uint32_t now) {
    for (uint8_t i = 0; i < ZP_OUTBOX_SLOTS; i++) {
        Slot& s = outbox_[i];
        if (!s.used || now - s.sentAt < ZP_RETRY_MS) continue;
        if (s.tries > ZP_MAX_RETRIES) {  // the first send and 3 resends went unanswered
            s.used = false;
            failures_++;
            continue;
        }
        s.tries++;
        s.sentAt = now;
        port_.write((const uint8_t*)s.bytes, s.len);
    }
}

bool ZharysProtocol::outboxFree() const {
    for (uint8_t i = 0; i < ZP_OUTBOX_SLOTS; i++) {
        if (!outbox_[i].used) return true;
    }
    return false;
}

uint8_t ZharysProtocol::pending() const {
    uint8_t n = 0;
    for (uint8_t i = 0; i < ZP_OUTBOX_SLOTS; i++) n += outbox_[i].used ? 1 : 0;
    return n;
}
