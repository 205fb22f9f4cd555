// Zharys hardware protocol, version 1: the device side (docs/hardware-protocol.md).
//
// Frames are ASCII lines `$<seq>,<TYPE>[,<field>...]*<CRC>\n`, CRC-16/CCITT-FALSE over the
// bytes between `$` and `*`. This library does the framing, the resynchronising decoder
// (which also accepts the hand-typed form `$WHO`, `$DISP,HELLO`), sequence numbers,
// HELLO / HB / PONG, acknowledgement and retry of the device's own event frames
// (100 ms, 3 retries) and de-duplication of the server's command frames (last 32 seqs).
//
// Arduino API subset only: no heap, no STL, no exceptions, no printf; every buffer is fixed.
// RAM on an Uno: about 128 (receive) + ZP_OUTBOX_SLOTS * 142 (outbox) + 300 bytes.
// The ZP_ settings below change the class layout: change them here, not in a sketch (the
// library and the sketch are compiled separately and must agree).
#ifndef ZHARYS_PROTOCOL_H
#define ZHARYS_PROTOCOL_H

#include <Arduino.h>

#ifndef ZP_MAX_FRAME
#define ZP_MAX_FRAME 128        // bytes from `$` to `\n` inclusive
#endif
#ifndef ZP_MAX_FIELDS
#define ZP_MAX_FIELDS 12        // fields after TYPE kept by the decoder; more: frame dropped
#endif
#define ZP_MAX_FIELD_LEN 32
#define ZP_MIN_TYPE_LEN 2
#define ZP_MAX_TYPE_LEN 6
#ifndef ZP_OUTBOX_SLOTS
#define ZP_OUTBOX_SLOTS 4       // event frames waiting for their ACK at the same time
#endif
#define ZP_RETRY_MS 100
#define ZP_MAX_RETRIES 3
#define ZP_DEDUPE 32
#ifndef ZP_DEDUPE_MS
#define ZP_DEDUPE_MS 5000UL     // a remembered server seq is forgotten after this long
#endif
#define ZP_HEARTBEAT_MS 500

// CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, not reflected, no final xor.
uint16_t zpCrc16(const uint8_t* data, uint16_t len, uint16_t crc = 0xFFFF);

// Writes `value` in decimal into out (at least 11 bytes); returns the length.
uint8_t zpFormatUnsigned(uint32_t value, char* out);

// Parses a decimal field (digits only, fits in uint32_t); false otherwise.
bool zpParseUnsigned(const char* text, uint32_t* value);

// One decoded frame. Its pointers point into the decoder's buffer: valid until the next byte.
struct ZpFrame {
    bool hasSeq;          // false for the hand-typed form `$TYPE[,field...]`
    uint16_t seq;
    const char* type;
    uint8_t fieldCount;
    const char* fields[ZP_MAX_FIELDS];

    bool is(const char* t) const;
    const char* field(uint8_t i) const;   // "" past the end
};

// Incremental decoder with the resynchronisation rules of the protocol.
class ZpDecoder {
public:
    ZpDecoder();
    void reset();
    // Feeds one byte; returns true when a valid frame is complete (then read frame()).
    bool feed(uint8_t byte);
    const ZpFrame& frame() const { return frame_; }
    uint16_t errors() const { return errors_; }   // complete frames dropped as invalid

private:
    bool parse();
    char buf_[ZP_MAX_FRAME];
    uint8_t len_;          // bytes collected after `$`
    bool inFrame_;
    bool sawCr_;
    uint16_t errors_;
    ZpFrame frame_;
};

// Builds a frame `$<seq>,<TYPE>[,<field>...]*<CRC>\n` into out (ZP_MAX_FRAME bytes).
// Fields are sanitised: cut to 32 characters, forbidden characters replaced by `_`.
// Returns the length, or 0 when the frame would not fit.
uint8_t zpEncode(char* out, uint16_t seq, const char* type, const char* const* fields,
                 uint8_t fieldCount);

// Handles a server command (a frame that needs an ACK: DISP, BUZ, LAMP, ...).
// Returns 0 (NULL) when acted on, "unknown" for an unknown type, or another short reason
// (a valid field: no `,`, `*`, `$`) to refuse it with NAK.
typedef const char* (*ZpCommandHandler)(const ZpFrame& frame);
// Called after every HELLO the device sends (boot, WHO): a chance to report current state.
typedef void (*ZpHelloHandler)();

class ZharysProtocol {
public:
    ZharysProtocol(Stream& port, const char* kind, const char* id, const char* firmware);

    void onCommand(ZpCommandHandler handler) { command_ = handler; }
    void onHello(ZpHelloHandler handler) { hello_ = handler; }

    // Sends HELLO; call once in setup() after Serial.begin().
    void begin();
    // Call on every loop(): reads the port, answers, sends heartbeats and retries.
    void poll();

    // Sends an event frame that the server must ACK, e.g. sendEvent("BTN", "start"):
    // the device time `t` is put first automatically. Retried every 100 ms, 3 times.
    // When the outbox is full the oldest waiting frame is given up (counted as a failure).
    bool sendEvent(const char* type, const char* f1 = 0, const char* f2 = 0,
                   const char* f3 = 0);
    // The same with the time the event happened (e.g. taken in an interrupt), not now.
    bool sendEventAt(uint32_t t, const char* type, const char* f1 = 0, const char* f2 = 0,
                     const char* f3 = 0);
    // Room for one more event without giving another up.
    bool outboxFree() const;
    uint8_t pending() const;

    void sendHello();

    uint32_t failures() const { return failures_; }   // events never acknowledged
    uint16_t decodeErrors() const { return decoder_.errors(); }
    uint32_t lastHeard() const { return lastHeard_; } // millis() of the last valid frame
    bool heardFrom() const { return heard_; }

private:
    struct Slot {
        bool used;
        uint8_t tries;     // sends so far (1 = first send)
        uint16_t seq;
        uint32_t sentAt;
        uint32_t order;    // age, to find the oldest
        uint8_t len;
        char bytes[ZP_MAX_FRAME];
    };

    void handle(const ZpFrame& f);
    void sendUnreliable(const char* type, const char* const* fields, uint8_t count);
    void sendAck(uint16_t seq);
    void sendNak(uint16_t seq, const char* reason);
    bool seen(uint16_t seq, uint32_t now) const;
    void remember(uint16_t seq, uint32_t now);
    void retry(uint32_t now);
    uint16_t nextSeq() { return seq_++; }

    Stream& port_;
    const char* kind_;
    const char* id_;
    const char* firmware_;
    ZpCommandHandler command_;
    ZpHelloHandler hello_;
    ZpDecoder decoder_;
    uint16_t seq_;
    uint32_t lastHb_;
    uint32_t lastHeard_;
    bool heard_;
    uint32_t failures_;
    uint32_t order_;
    Slot outbox_[ZP_OUTBOX_SLOTS];
    uint16_t seenSeq_[ZP_DEDUPE];
    uint32_t seenAt_[ZP_DEDUPE];
    uint8_t seenCount_;
    uint8_t seenNext_;
};

#endif
