// Zharys field sensor board: goal counters, beam breaks and e-stops of one field
// (docs/hardware-protocol.md).
//
// Counter channels count beam-break sensors' falling edges (a ball cuts the beam) and send
// their RUNNING TOTAL since boot: CNT,<t>,<channel>,<total>, with t the time of the edge.
// Beam channels report a beam broken (1) or cleared (0): BEAM,<t>,<channel>,<0|1>.
// E-stops report pressed (1) or released (0): ESTOP,<t>,<station>,<0|1>.
// After every HELLO (boot, WHO) the board reports each pressed e-stop and broken beam.
// Nothing here blocks: timing is done with millis(). Wiring: firmware/README.md.
#include <Arduino.h>
#include <ZharysProtocol.h>

// ---- configuration: give every board at the venue its own id ----
#define DEVICE_ID "FS-01"
#define FIRMWARE_VERSION "1.0.0"

const uint8_t PIN_LINK_LED = LED_BUILTIN;      // on while the server talks to us
const uint32_t LINK_TIMEOUT_MS = 1500;

// ---- counters: IR break-beam receivers (open collector, LOW while the beam is broken) ----
// On an Uno only D2 and D3 have interrupts; the other channels are read on every loop()
// (thousands of times a second, enough for a ball that cuts the beam for 2 ms or more).
// On a Nano Every (every pin) or a Mega (D2, D3, D18, D19) all four use interrupts.
const uint32_t COUNT_GAP_MS = 10;  // a break counts only after the beam was clear this long

struct Counter {
    const char* name;
    uint8_t pin;
    volatile uint8_t level;        // last level seen
    volatile uint32_t clearSince;  // millis() of the last rising edge (beam restored)
    volatile uint32_t total;       // breaks counted since boot
    volatile uint32_t at;          // millis() of the last counted break
    uint32_t reported;             // total last sent
    bool interrupt;
};
Counter counters[] = {
    {"red_high", 2, HIGH, 0, 0, 0, 0, false},
    {"red_low", 3, HIGH, 0, 0, 0, 0, false},
    {"blue_high", 4, HIGH, 0, 0, 0, 0, false},
    {"blue_low", 5, HIGH, 0, 0, 0, 0, false},
};
const uint8_t COUNTER_COUNT = sizeof(counters) / sizeof(counters[0]);

// ---- beams (e.g. a robot parked in a zone) and e-stops: debounced levels ----
struct Input {
    const char* name;
    uint8_t pin;
    uint8_t activeLevel;   // the level that means broken / pressed
    uint8_t stable, raw;
    uint32_t changedAt;
    uint8_t reported;      // state last sent (1 active, 0 idle)
};
const uint32_t BEAM_DEBOUNCE_MS = 30;
const uint32_t ESTOP_DEBOUNCE_MS = 20;
// Beam receivers pull LOW while broken.
Input beams[] = {
    {"red_park", 6, LOW, HIGH, HIGH, 0, 0},
    {"blue_park", 7, LOW, HIGH, HIGH, 0, 0},
};
const uint8_t BEAM_COUNT = sizeof(beams) / sizeof(beams[0]);
// E-stop buttons: the normally-closed contact between the pin and GND. Pressed opens it and
// the pull-up reads HIGH; so does a cut wire or an unplugged button (fail safe).
Input estops[] = {
    {"red1", 8, HIGH, LOW, LOW, 0, 0},
    {"red2", 9, HIGH, LOW, LOW, 0, 0},
    {"blue1", 10, HIGH, LOW, LOW, 0, 0},
    {"blue2", 11, HIGH, LOW, LOW, 0, 0},
};
const uint8_t ESTOP_COUNT = sizeof(estops) / sizeof(estops[0]);

ZharysProtocol proto(Serial, "sensors", DEVICE_ID, FIRMWARE_VERSION);

// ---------------------------------------------------------------- counters

// Called from an interrupt (on CHANGE) or from loop(); reads the pin itself, so a bounce
// that is over by then is ignored.
void counterEdge(Counter& c, uint32_t now) {
    uint8_t level = digitalRead(c.pin);
    if (level == c.level) return;
    c.level = level;
    if (level == HIGH) {
        c.clearSince = now;                       // beam restored
    } else if (now - c.clearSince >= COUNT_GAP_MS) {
        c.total = c.total + 1;                    // beam broken after a clear gap: a ball
        c.at = now;
    }                                             // else: bounce, not a new ball
}

void counterIsr0() { counterEdge(counters[0], millis()); }
void counterIsr1() { counterEdge(counters[1], millis()); }
void counterIsr2() { counterEdge(counters[2], millis()); }
void counterIsr3() { counterEdge(counters[3], millis()); }
void (*const COUNTER_ISRS[])() = {counterIsr0, counterIsr1, counterIsr2, counterIsr3};

// Room in the outbox (events waiting for their ACK): counters and beams leave the last slot
// to e-stops. A counter that must wait sends its newest total later, and as the totals are
// running ones nothing is lost.
bool roomForRoutine() { return proto.pending() + 1 < ZP_OUTBOX_SLOTS; }

void reportCounters(uint32_t now) {
    for (uint8_t i = 0; i < COUNTER_COUNT; i++) {
        Counter& c = counters[i];
        if (!c.interrupt) counterEdge(c, now);
        noInterrupts();
        uint32_t total = c.total, at = c.at;
        interrupts();
        if (total != c.reported && roomForRoutine()) {
            char text[11];
            zpFormatUnsigned(total, text);
            proto.sendEventAt(at, "CNT", c.name, text);
            c.reported = total;
        }
    }
}

// ---------------------------------------------------------------- beams and e-stops

void debounce(Input& in, uint32_t now, uint32_t ms) {
    uint8_t level = digitalRead(in.pin);
    if (level != in.raw) {
        in.raw = level;
        in.changedAt = now;
    }
    if (in.raw != in.stable && now - in.changedAt >= ms) in.stable = in.raw;
}

void report(Input& in, const char* type, bool room) {
    uint8_t state = in.stable == in.activeLevel ? 1 : 0;
    if (state != in.reported && room) {
        proto.sendEventAt(in.changedAt, type, in.name, state ? "1" : "0");
        in.reported = state;
    }
}

void reportInputs(uint32_t now) {
    for (uint8_t i = 0; i < ESTOP_COUNT; i++) {
        debounce(estops[i], now, ESTOP_DEBOUNCE_MS);
        report(estops[i], "ESTOP", proto.outboxFree());
    }
    for (uint8_t i = 0; i < BEAM_COUNT; i++) {
        debounce(beams[i], now, BEAM_DEBOUNCE_MS);
        report(beams[i], "BEAM", roomForRoutine());
    }
}

// After a HELLO the server starts afresh: report what is active again (idle is assumed).
void onHello() {
    for (uint8_t i = 0; i < ESTOP_COUNT; i++) estops[i].reported = 0;
    for (uint8_t i = 0; i < BEAM_COUNT; i++) beams[i].reported = 0;
}

void initInput(Input& in) {
    pinMode(in.pin, INPUT_PULLUP);
    in.raw = in.stable = digitalRead(in.pin);
    in.changedAt = millis();
}

// ---------------------------------------------------------------- main

void setup() {
    Serial.begin(115200);
#ifdef ZHARYS_HOST
    for (uint8_t i = 0; i < COUNTER_COUNT; i++) hostNamePin(counters[i].name, counters[i].pin);
    for (uint8_t i = 0; i < BEAM_COUNT; i++) hostNamePin(beams[i].name, beams[i].pin, HIGH);
    for (uint8_t i = 0; i < ESTOP_COUNT; i++) hostNamePin(estops[i].name, estops[i].pin, LOW);
#endif
    pinMode(PIN_LINK_LED, OUTPUT);
    for (uint8_t i = 0; i < COUNTER_COUNT; i++) {
        Counter& c = counters[i];
        pinMode(c.pin, INPUT_PULLUP);
        c.level = digitalRead(c.pin);
        c.clearSince = millis() - COUNT_GAP_MS;   // clear at boot: the first break counts
        int irq = digitalPinToInterrupt(c.pin);
        c.interrupt = irq != NOT_AN_INTERRUPT;
        if (c.interrupt) attachInterrupt(irq, COUNTER_ISRS[i], CHANGE);
    }
    for (uint8_t i = 0; i < BEAM_COUNT; i++) initInput(beams[i]);
    for (uint8_t i = 0; i < ESTOP_COUNT; i++) initInput(estops[i]);
    proto.onHello(onHello);
    proto.begin();   // HELLO,sensors,FS-01,1.0.0,<t>; then pressed e-stops from loop()
}

void loop() {
    proto.poll();
    uint32_t now = millis();
    reportCounters(now);
    reportInputs(now);
    bool link = proto.heardFrom() && now - proto.lastHeard() < LINK_TIMEOUT_MS;
    digitalWrite(PIN_LINK_LED, link ? HIGH : LOW);
}
