// Zharys timer console: the scorekeeper's box at a field (docs/hardware-protocol.md).
//
// Buttons start / pause / resume / abort / ready -> BTN,<t>,<button>
// DISP,<text> -> the 16x2 LCD's first line; CLK,<label>,<ms>,<mode> -> the same line counts
// the match clock down itself (`AUTO 0:27`); BUZ,<ms> -> the buzzer; LAMP,<colour>,<mode> ->
// the red / amber / green lights (off, on, blink). HELLO on boot and on WHO, HB every 500 ms,
// PONG to PING: the ZharysProtocol library does those. Nothing here blocks: timing is
// done with millis(). Wiring: firmware/README.md.
#include <Arduino.h>
#include <LiquidCrystal.h>
#include <ZharysProtocol.h>
#include <ZharysOutputs.h>

// ---- configuration: give every console at the venue its own id ----
#define DEVICE_ID "TC-01"
#define FIRMWARE_VERSION "1.0.0"

// ---- pins (Arduino Uno / Nano) ----
const uint8_t LCD_RS = 12, LCD_E = 11, LCD_D4 = 5, LCD_D5 = 4, LCD_D6 = 3, LCD_D7 = 2;
const uint8_t PIN_BUZZER = 6;                  // active buzzer (HIGH = sound), see README
const uint8_t PIN_LINK_LED = LED_BUILTIN;      // on while the server talks to us

struct Button {
    const char* name;
    uint8_t pin;         // to GND, internal pull-up: LOW = pressed
    uint8_t stable;      // debounced level
    uint8_t raw;         // last level read
    uint32_t changedAt;  // millis() when raw last changed
};
Button buttons[] = {
    {"start", A0, HIGH, HIGH, 0},  {"pause", A1, HIGH, HIGH, 0},
    {"resume", A2, HIGH, HIGH, 0}, {"abort", A3, HIGH, HIGH, 0},
    {"ready", A4, HIGH, HIGH, 0},
};
const uint8_t BUTTON_COUNT = sizeof(buttons) / sizeof(buttons[0]);
const uint32_t DEBOUNCE_MS = 20;   // a level must hold this long to count

ZpLamp lamps[] = {{"red", 7, ZP_LAMP_OFF}, {"amber", 8, ZP_LAMP_OFF},
                  {"green", 9, ZP_LAMP_OFF}};

const uint32_t LINK_TIMEOUT_MS = 1500;

ZharysProtocol proto(Serial, "console", DEVICE_ID, FIRMWARE_VERSION);

ZpOutputs outputs(lamps, sizeof(lamps) / sizeof(lamps[0]), PIN_BUZZER);

// The match clock (CLK): `<label> m:ss`, seconds rounded up, counted down with millis().
enum { CLOCK_OFF = 0, CLOCK_RUN = 1, CLOCK_HOLD = 2 };
const uint8_t CLOCK_LABEL_MAX = 8;
const uint32_t CLOCK_MAX_MS = 3600000UL;   // one hour
const uint32_t CLOCK_NOT_SHOWN = 0xFFFFFFFFUL;
uint8_t clockMode = CLOCK_OFF;
char clockLabel[CLOCK_LABEL_MAX + 1];
uint32_t clockLeft = 0;            // ms left at millis() == clockFrom
uint32_t clockFrom = 0;
uint32_t clockShownSecs = CLOCK_NOT_SHOWN;
char shownText[17] = "";           // the first line as last sent to displayShow()

// ---------------------------------------------------------------- display
// The only code that knows the display is a 16x2 HD44780 LCD (LiquidCrystal, bundled with
// the Arduino IDE). For another display (an I2C backpack, a TM1637) rewrite these three.
LiquidCrystal lcd(LCD_RS, LCD_E, LCD_D4, LCD_D5, LCD_D6, LCD_D7);

void displayLine(uint8_t row, const char* text) {
    char line[17];
    uint8_t n = 0;
    for (; n < 16 && text[n] != '\0'; n++) line[n] = text[n];
    for (; n < 16; n++) line[n] = ' ';
    line[16] = '\0';
    lcd.setCursor(0, row);
    lcd.print(line);
}

void displayBegin() {
    lcd.begin(16, 2);
    displayLine(0, "Zharys " FIRMWARE_VERSION);
}

void displayShow(const char* text) {   // first line: what the server sent with DISP
    displayLine(0, text);
#ifdef ZHARYS_HOST
    hostReport("DISPLAY %s", text);
#endif
}

void displayStatus(const char* text) { // second line: this console and its link
    displayLine(1, text);
}

// ---------------------------------------------------------------- outputs

void showText(const char* text) {   // the first line; remembers it for the clock
    strncpy(shownText, text, 16);
    shownText[16] = '\0';
    displayShow(shownText);
}

// Shows the clock when its whole seconds change (and then only a text that is not already
// on the display). Called from loop() and at once on CLK.
void updateClock(uint32_t now) {
    if (clockMode == CLOCK_OFF) return;
    uint32_t left = clockLeft;
    if (clockMode == CLOCK_RUN) {
        uint32_t gone = now - clockFrom;
        left = gone >= left ? 0 : left - gone;
        if (left == 0) {   // reached 0:00: stays there
            clockMode = CLOCK_HOLD;
            clockLeft = 0;
        }
    }
    uint32_t secs = (left + 999) / 1000;   // rounded up: 27001..28000 ms -> 0:28
    if (secs == clockShownSecs) return;
    clockShownSecs = secs;
    char text[17];   // label (8) + ' ' + mm (2) + ':' + ss (2) + '\0'
    uint8_t n = 0;
    for (; clockLabel[n] != '\0'; n++) text[n] = clockLabel[n];
    text[n++] = ' ';
    n += zpFormatUnsigned(secs / 60, text + n);   // 0..60
    uint8_t s = secs % 60;
    text[n++] = ':';
    text[n++] = (char)('0' + s / 10);
    text[n++] = (char)('0' + s % 10);
    text[n] = '\0';
    if (strcmp(text, shownText) != 0) showText(text);
}

void updateLink(uint32_t now) {
    // Link LED and status line: has the server said anything lately?
    static int8_t shownLink = -1;
    int8_t link = proto.heardFrom() ? (now - proto.lastHeard() < LINK_TIMEOUT_MS ? 1 : 0) : 2;
    if (link != shownLink) {
        shownLink = link;
        digitalWrite(PIN_LINK_LED, link == 1 ? HIGH : LOW);
        displayStatus(link == 1 ? DEVICE_ID " online" : link == 0 ? DEVICE_ID " no server"
                                                                  : DEVICE_ID " waiting");
    }
}

// ---------------------------------------------------------------- server commands

const char* onCommand(const ZpFrame& f) {
    if (f.is("DISP")) {
        char text[17];
        strncpy(text, f.field(0), 16);   // up to 16 characters; the rest is cut
        text[16] = '\0';
        clockMode = CLOCK_OFF;           // fixed text: stops a countdown
        showText(text);
        return 0;
    }
    if (f.is("CLK")) {                   // CLK,<label>,<ms>,<mode>
        const char* label = f.field(0);
        size_t len = strlen(label);
        if (len < 1 || len > CLOCK_LABEL_MAX) return "range";
        for (size_t i = 0; i < len; i++) {
            if (label[i] < 0x20 || label[i] > 0x7E) return "range";
        }
        uint32_t ms;
        if (!zpParseUnsigned(f.field(1), &ms) || ms > CLOCK_MAX_MS) return "range";
        uint8_t mode;
        if (strcmp(f.field(2), "run") == 0) mode = CLOCK_RUN;
        else if (strcmp(f.field(2), "hold") == 0) mode = CLOCK_HOLD;
        else return "range";
        strcpy(clockLabel, label);
        clockMode = mode;
        clockLeft = ms;
        clockFrom = millis();
        clockShownSecs = CLOCK_NOT_SHOWN;
        updateClock(clockFrom);          // shown at once
        return 0;
    }
    return outputs.command(f);   // BUZ and LAMP (blue and white are for stack lights)
}

// ---------------------------------------------------------------- buttons

void readButtons(uint32_t now) {
    for (uint8_t i = 0; i < BUTTON_COUNT; i++) {
        Button& b = buttons[i];
        uint8_t level = digitalRead(b.pin);
        if (level != b.raw) {
            b.raw = level;
            b.changedAt = now;
        }
        if (b.raw != b.stable && now - b.changedAt >= DEBOUNCE_MS) {
            b.stable = b.raw;
            if (b.stable == LOW) proto.sendEvent("BTN", b.name);   // pressed
        }
    }
}

// ---------------------------------------------------------------- main

void setup() {
    Serial.begin(115200);
    for (uint8_t i = 0; i < BUTTON_COUNT; i++) {
#ifdef ZHARYS_HOST
        hostNamePin(buttons[i].name, buttons[i].pin, HIGH);
#endif
        pinMode(buttons[i].pin, INPUT_PULLUP);
        buttons[i].raw = buttons[i].stable = digitalRead(buttons[i].pin);
    }
    outputs.begin();
    pinMode(PIN_LINK_LED, OUTPUT);
    displayBegin();
    proto.onCommand(onCommand);
    proto.begin();   // HELLO,console,TC-01,1.0.0,<t>
}

void loop() {
    proto.poll();
    uint32_t now = millis();
    readButtons(now);
    updateClock(now);
    outputs.update(now);
    updateLink(now);
}
