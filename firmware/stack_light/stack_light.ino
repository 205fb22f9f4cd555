// Zharys stack light: the tower light on a field (docs/hardware-protocol.md).
//
// A timer console without buttons or display: LAMP,<colour>,<mode> -> the red / amber /
// green / blue / white lamps (off, on, blink); BUZ,<ms> -> the buzzer (tower lights often
// have one). Nothing to report, so no events: the board only answers. HELLO on boot and on
// WHO, HB every 500 ms, PONG to PING, ACK and de-duplication of the commands: the
// ZharysProtocol library does those. Nothing here blocks: timing is done with millis().
// Wiring: firmware/README.md.
#include <Arduino.h>
#include <ZharysProtocol.h>

// ---- configuration: give every stack light at the venue its own id ----
#define DEVICE_ID "SL-01"
#define FIRMWARE_VERSION "1.0.0"

// ---- pins (Arduino Uno / Nano); red / amber / green as on the timer console ----
const uint8_t PIN_BUZZER = 6;                  // active buzzer (HIGH = sound), see README
const uint8_t PIN_LINK_LED = LED_BUILTIN;      // on while the server talks to us

struct Lamp {
    const char* colour;
    uint8_t pin;         // LED + 220 ohm resistor to GND, or a MOSFET / relay for a tower
    uint8_t mode;        // LAMP_OFF, LAMP_ON, LAMP_BLINK
};
enum { LAMP_OFF = 0, LAMP_ON = 1, LAMP_BLINK = 2 };
Lamp lamps[] = {{"red", 7, LAMP_OFF},   {"amber", 8, LAMP_OFF}, {"green", 9, LAMP_OFF},
                {"blue", 10, LAMP_OFF}, {"white", 11, LAMP_OFF}};
const uint8_t LAMP_COUNT = sizeof(lamps) / sizeof(lamps[0]);
const uint32_t BLINK_MS = 250;     // on 250 ms, off 250 ms; all blinking lamps in step

const uint32_t BUZZ_MAX_MS = 5000;
const uint32_t LINK_TIMEOUT_MS = 1500;

ZharysProtocol proto(Serial, "light", DEVICE_ID, FIRMWARE_VERSION);

bool buzzing = false;
uint32_t buzzStart = 0, buzzLength = 0;

// ---------------------------------------------------------------- outputs

void setLamp(Lamp& lamp, uint8_t mode) {
    lamp.mode = mode;
    digitalWrite(lamp.pin, mode == LAMP_ON ? HIGH : LOW);   // blink: updateOutputs() drives it
#ifdef ZHARYS_HOST
    static const char* const MODES[] = {"off", "on", "blink"};
    hostReport("LAMP %s %s", lamp.colour, MODES[mode]);
#endif
}

void startBuzzer(uint32_t ms) {
    buzzing = true;
    buzzStart = millis();
    buzzLength = ms;
    digitalWrite(PIN_BUZZER, HIGH);
#ifdef ZHARYS_HOST
    hostReport("BUZZER %lu", (unsigned long)ms);
#endif
}

void updateOutputs(uint32_t now) {
    if (buzzing && now - buzzStart >= buzzLength) {
        buzzing = false;
        digitalWrite(PIN_BUZZER, LOW);
#ifdef ZHARYS_HOST
        hostReport("BUZZER off");
#endif
    }
    uint8_t blinkLevel = ((now / BLINK_MS) % 2 == 0) ? HIGH : LOW;
    for (uint8_t i = 0; i < LAMP_COUNT; i++) {
        if (lamps[i].mode == LAMP_BLINK) digitalWrite(lamps[i].pin, blinkLevel);
    }
    // Link LED: has the server said anything lately? (The lamps keep their last command.)
    bool link = proto.heardFrom() && now - proto.lastHeard() < LINK_TIMEOUT_MS;
    digitalWrite(PIN_LINK_LED, link ? HIGH : LOW);
}

// ---------------------------------------------------------------- server commands

const char* onCommand(const ZpFrame& f) {
    if (f.is("LAMP")) {                  // LAMP,<colour>,<mode>
        const char* mode = f.field(1);
        uint8_t m;
        if (strcmp(mode, "off") == 0) m = LAMP_OFF;
        else if (strcmp(mode, "on") == 0) m = LAMP_ON;
        else if (strcmp(mode, "blink") == 0) m = LAMP_BLINK;
        else return "mode";
        for (uint8_t i = 0; i < LAMP_COUNT; i++) {
            if (strcmp(lamps[i].colour, f.field(0)) == 0) {
                setLamp(lamps[i], m);
                return 0;
            }
        }
        return "colour";
    }
    if (f.is("BUZ")) {                   // BUZ,<ms>
        uint32_t ms;
        if (!zpParseUnsigned(f.field(0), &ms) || ms < 1 || ms > BUZZ_MAX_MS) return "range";
        startBuzzer(ms);
        return 0;
    }
    return "unknown";   // DISP and CLK too: a stack light has no display
}

// ---------------------------------------------------------------- main

void setup() {
    Serial.begin(115200);
    for (uint8_t i = 0; i < LAMP_COUNT; i++) {
        pinMode(lamps[i].pin, OUTPUT);
        digitalWrite(lamps[i].pin, LOW);
    }
    pinMode(PIN_BUZZER, OUTPUT);
    digitalWrite(PIN_BUZZER, LOW);
    pinMode(PIN_LINK_LED, OUTPUT);
    proto.onCommand(onCommand);
    proto.begin();   // HELLO,light,SL-01,1.0.0,<t>
}

void loop() {
    proto.poll();
    updateOutputs(millis());
}
