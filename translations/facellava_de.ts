<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="37"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../ui/models/train_config_files.cpp" line="70"/>
        <source>The training config could not be read</source>
        <translation>Die Trainingskonfiguration konnte nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../ui/models/train_config_files.cpp" line="71"/>
        <source>Choose a file written by Save config or `facellava train --save-config`.</source>
        <translation>Wählen Sie eine Datei, die mit „Konfiguration speichern“ oder `facellava train --save-config` geschrieben wurde.</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="11"/>
        <source>%1 B parameters</source>
        <translation>%1 Mrd. Parameter</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="13"/>
        <source>%1 M parameters</source>
        <translation>%1 Mio. Parameter</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="14"/>
        <source>%1 k parameters</source>
        <translation>%1 Tsd. Parameter</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="19"/>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="21"/>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="22"/>
        <source>%1 kB</source>
        <translation>%1 kB</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="38"/>
        <source>metrics.jsonl line %1: not a JSON object (%2)</source>
        <translation>metrics.jsonl Zeile %1: kein JSON-Objekt (%2)</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="42"/>
        <source>another JSON value</source>
        <translation>ein anderer JSON-Wert</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="47"/>
        <source>metrics.jsonl line %1: no &quot;step&quot; number; line skipped</source>
        <translation>metrics.jsonl Zeile %1: keine Zahl „step“; Zeile übersprungen</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="81"/>
        <source>metrics.jsonl after line %1: %2 bytes without a line end; skipped</source>
        <translation>metrics.jsonl nach Zeile %1: %2 Bytes ohne Zeilenende; übersprungen</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AnalysisDock</name>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="31"/>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="40"/>
        <source>Overlays</source>
        <translation>Overlays</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="46"/>
        <source>Open a photo or video to analyse its faces.</source>
        <translation>Öffnen Sie ein Foto oder Video, um seine Gesichter zu analysieren.</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="67"/>
        <source>Selected face</source>
        <translation>Ausgewähltes Gesicht</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="78"/>
        <source>&lt;small&gt;Expression, age and gender: face-api nets (MIT), trained on research data sets; estimates, not facts about the person.&lt;/small&gt;</source>
        <translation>&lt;small&gt;Ausdruck, Alter und Geschlecht: face-api-Netze (MIT), trainiert auf Forschungsdatensätzen; Schätzungen, keine Tatsachen über die Person.&lt;/small&gt;</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="85"/>
        <source>Face-LLaVA answers</source>
        <translation>Antworten von Face-LLaVA</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="98"/>
        <source>Over time</source>
        <translation>Zeitverlauf</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="105"/>
        <source> frames</source>
        <translation> Frames</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="106"/>
        <source>How many frames, evenly spaced, to analyse</source>
        <translation>Wie viele Frames, gleichmäßig verteilt, analysiert werden</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="107"/>
        <location filename="../ui/docks/analysis_dock.cpp" line="180"/>
        <source>Analyse video</source>
        <translation>Video analysieren</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="110"/>
        <location filename="../ui/docks/analysis_dock.cpp" line="162"/>
        <source>Open a video to plot its values over time</source>
        <translation>Öffnen Sie ein Video, um seine Werte im Zeitverlauf darzustellen</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="161"/>
        <source>Analyse evenly spaced frames and plot the values</source>
        <translation>Gleichmäßig verteilte Frames analysieren und die Werte darstellen</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="175"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="204"/>
        <source>No face found in this frame.</source>
        <translation>In diesem Frame wurde kein Gesicht gefunden.</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="208"/>
        <source>Face %1 · age ≈ %2 · %3 (%4%)</source>
        <translation>Gesicht %1 · Alter ≈ %2 · %3 (%4%)</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="214"/>
        <source>&lt;br&gt;Head pose: yaw %1°, pitch %2°, roll %3°</source>
        <translation>&lt;br&gt;Kopfhaltung: Gieren %1°, Nicken %2°, Rollen %3°</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="219"/>
        <source> &lt;i&gt;(landmarks fit poorly: angles uncertain)&lt;/i&gt;</source>
        <translation> &lt;i&gt;(Landmarken passen schlecht: Winkel unsicher)&lt;/i&gt;</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AnalysisRunner</name>
    <message>
        <location filename="../ui/jobs/analysis_runner.cpp" line="41"/>
        <source>Face analysis failed</source>
        <translation>Die Gesichtsanalyse ist fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/jobs/analysis_runner.cpp" line="42"/>
        <source>Check the face models with `facellava info`; run scripts/bootstrap.sh if any is missing.</source>
        <translation>Prüfen Sie die Gesichtsmodelle mit `facellava info`; führen Sie scripts/bootstrap.sh aus, falls eines fehlt.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AnnotationDock</name>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="28"/>
        <source>Annotations</source>
        <translation>Annotationen</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="45"/>
        <source>The lane (ELAN tier) the label goes on</source>
        <translation>Die Spur (ELAN-Ebene), auf die das Label kommt</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="46"/>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="47"/>
        <source>Tier</source>
        <translation>Ebene</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="59"/>
        <source>Label face</source>
        <translation>Gesicht labeln</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="59"/>
        <source>Label the selected face at this frame</source>
        <translation>Das ausgewählte Gesicht in diesem Frame labeln</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="61"/>
        <source>Label frame</source>
        <translation>Frame labeln</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="61"/>
        <source>Label the whole frame (or the image)</source>
        <translation>Den ganzen Frame (oder das Bild) labeln</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="62"/>
        <location filename="../ui/docks/annotation_dock.cpp" line="222"/>
        <source>Start range</source>
        <translation>Bereich beginnen</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="63"/>
        <source>Mark the start of a time range at the playhead; press again (or a label key) to end it</source>
        <translation>Den Beginn eines Zeitbereichs an der Abspielposition markieren; erneut drücken (oder eine Label-Taste), um ihn zu beenden</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="67"/>
        <source>Relabel</source>
        <translation>Neu labeln</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="67"/>
        <source>Give the selected row the current label</source>
        <translation>Der ausgewählten Zeile das aktuelle Label geben</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="69"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="69"/>
        <source>Delete the selected row (undoable)</source>
        <translation>Die ausgewählte Zeile löschen (rückgängig machbar)</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="112"/>
        <source>%1 = %2  </source>
        <translation>%1 = %2  </translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="122"/>
        <source>Keys: %1(Edit ▸ Label shortcuts… to change)</source>
        <translation>Tasten: %1(Bearbeiten ▸ Label-Tastenkürzel… zum Ändern)</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="184"/>
        <source>Select a face first (click it in the view or in the Analysis panel).</source>
        <translation>Wählen Sie zuerst ein Gesicht aus (in der Ansicht oder im Analyse-Bereich anklicken).</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="191"/>
        <source>Label face %1 “%2”</source>
        <translation>Gesicht %1 als „%2“ labeln</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="202"/>
        <source>Label frame %1 “%2”</source>
        <translation>Frame %1 als „%2“ labeln</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="208"/>
        <source>Time ranges need a video.</source>
        <translation>Zeitbereiche brauchen ein Video.</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="212"/>
        <source>End range</source>
        <translation>Bereich beenden</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="214"/>
        <source>Range starts at the playhead; move to its end and press a label key or End range.</source>
        <translation>Der Bereich beginnt an der Abspielposition; gehen Sie zu seinem Ende und drücken Sie eine Label-Taste oder „Bereich beenden“.</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="227"/>
        <source>Label range “%1”</source>
        <translation>Bereich als „%1“ labeln</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="249"/>
        <source>Relabel as “%1”</source>
        <translation>Neu labeln als „%1“</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="259"/>
        <source>Delete “%1”</source>
        <translation>„%1“ löschen</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AnnotationLanes</name>
    <message>
        <location filename="../ui/widgets/annotation_lanes.cpp" line="16"/>
        <source>Annotation tiers: labelled time ranges and frames. Click to move the playhead.</source>
        <translation>Annotationsebenen: gelabelte Zeitbereiche und Frames. Klicken, um die Abspielposition zu setzen.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AnnotationModel</name>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="93"/>
        <location filename="../ui/models/annotation_model.cpp" line="125"/>
        <source>Face</source>
        <translation>Gesicht</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="95"/>
        <source>Frame</source>
        <translation>Frame</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="97"/>
        <source>Range</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="104"/>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="107"/>
        <source>image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="108"/>
        <source>whole media</source>
        <translation>gesamtes Medium</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="123"/>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="127"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="129"/>
        <source>Tier</source>
        <translation>Ebene</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="131"/>
        <source>Label</source>
        <translation>Label</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AttentionColorBar</name>
    <message>
        <location filename="../ui/widgets/attention_legend.cpp" line="101"/>
        <source>Attention weight: 0 at the left end, 1 at the right end</source>
        <translation>Attention-Gewicht: 0 am linken Ende, 1 am rechten Ende</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AttentionLegend</name>
    <message>
        <location filename="../ui/widgets/attention_legend.cpp" line="58"/>
        <source>Colour: the region each patch attends to most. Opacity: how decisively; clear where all nine regions get 1/9, solid where one region gets all.</source>
        <translation>Farbe: die Region, die jedes Bildfeld am stärksten beachtet. Deckkraft: wie eindeutig; durchsichtig, wo alle neun Regionen je 1/9 erhalten, deckend, wo eine Region alles erhält.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/attention_legend.cpp" line="89"/>
        <source>Share of each patch&apos;s attention that goes to %1, on a fixed scale: 0 none, 1 all; 1/9 would be no preference.</source>
        <translation>Anteil der Attention jedes Bildfelds, der auf %1 entfällt, auf einer festen Skala: 0 nichts, 1 alles; 1/9 hieße keine Vorliebe.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AttentionRunner</name>
    <message>
        <location filename="../ui/jobs/attention_runner.cpp" line="39"/>
        <source>Cannot compute the FRGCA attention map</source>
        <translation>Die FRGCA-Attention-Karte kann nicht berechnet werden</translation>
    </message>
    <message>
        <location filename="../ui/jobs/attention_runner.cpp" line="40"/>
        <source>This needs a checkpoint with landmark modules.</source>
        <translation>Dafür wird ein Checkpoint mit Landmarken-Modulen benötigt.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::BatchDialog</name>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="60"/>
        <source>Batch analysis</source>
        <translation>Stapelanalyse</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="63"/>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="67"/>
        <source>folder of images and videos</source>
        <translation>Ordner mit Bildern und Videos</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="70"/>
        <source>job folder for faces.csv, errors.csv, metadata.json</source>
        <translation>Auftragsordner für faces.csv, errors.csv, metadata.json</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="71"/>
        <source>Include sub-folders</source>
        <translation>Unterordner einbeziehen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="73"/>
        <source>e.g. *.mp4 *.jpg (empty: every image and video)</source>
        <translation>z. B. *.mp4 *.jpg (leer: alle Bilder und Videos)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="74"/>
        <source>Input folder</source>
        <translation>Eingabeordner</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="74"/>
        <source>Folder to analyse</source>
        <translation>Zu analysierender Ordner</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="75"/>
        <source>Job folder</source>
        <translation>Auftragsordner</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="75"/>
        <source>Folder for the results</source>
        <translation>Ordner für die Ergebnisse</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="77"/>
        <source>Only files matching</source>
        <translation>Nur passende Dateien</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="85"/>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="88"/>
        <source>face-api tiny detector</source>
        <translation>face-api Tiny-Detektor</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="89"/>
        <source>dlib HOG</source>
        <translation>dlib HOG</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="90"/>
        <source>MediaPipe BlazeFace (Face-LLaVA authors&apos; crops)</source>
        <translation>MediaPipe BlazeFace (Zuschnitte der Face-LLaVA-Autoren)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="93"/>
        <source>face-api 68-point net</source>
        <translation>face-api 68-Punkte-Netz</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="94"/>
        <source>dlib 68-point shape predictor</source>
        <translation>dlib 68-Punkte-Formprädiktor</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="102"/>
        <source>Video frames: analyse every Nth (1 = all)</source>
        <translation>Videoframes: jeden N-ten analysieren (1 = alle)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="105"/>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="106"/>
        <source>Video frames: about this many per second (overrides every Nth)</source>
        <translation>Videoframes: etwa so viele pro Sekunde (hat Vorrang vor jedem N-ten)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="109"/>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="112"/>
        <source>auto</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="113"/>
        <source>auto: photos one per core, then each video across the cores</source>
        <translation>automatisch: Fotos eines je Kern, dann jedes Video über alle Kerne verteilt</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="114"/>
        <source>Detector</source>
        <translation>Detektor</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="115"/>
        <source>Landmarks</source>
        <translation>Landmarken</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="116"/>
        <source>Minimum face score</source>
        <translation>Minimale Gesichtsbewertung</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="117"/>
        <source>Every Nth frame</source>
        <translation>Jeder N-te Frame</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="118"/>
        <source>Frames per second</source>
        <translation>Frames pro Sekunde</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="119"/>
        <source>Faces per frame</source>
        <translation>Gesichter pro Frame</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="120"/>
        <source>Files at once</source>
        <translation>Dateien gleichzeitig</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="124"/>
        <source>Outputs</source>
        <translation>Ausgaben</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="129"/>
        <source>0 (first frame is 0)</source>
        <translation>0 (erster Frame ist 0)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="130"/>
        <source>1 (first frame is 1, as OpenFace counts)</source>
        <translation>1 (erster Frame ist 1, wie OpenFace zählt)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="136"/>
        <source>Save each face&apos;s aligned crop (crops/, as OpenFace&apos;s -simalign)</source>
        <translation>Den ausgerichteten Ausschnitt jedes Gesichts speichern (crops/, wie OpenFaces -simalign)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="139"/>
        <source>Write each video with boxes, landmarks, ids and labels drawn in (overlay/)</source>
        <translation>Jedes Video mit eingezeichneten Rahmen, Landmarken, IDs und Labels schreiben (overlay/)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="141"/>
        <source>Frame numbers</source>
        <translation>Frame-Nummern</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="142"/>
        <source>Expression names</source>
        <translation>Ausdrucksnamen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="146"/>
        <source>Per-face outputs</source>
        <translation>Ausgaben pro Gesicht</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="151"/>
        <source>Face-LLaVA questions per face</source>
        <translation>Face-LLaVA-Fragen pro Gesicht</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="168"/>
        <source>Start over (discard the results of an earlier run in the job folder)</source>
        <translation>Neu beginnen (Ergebnisse eines früheren Laufs im Auftragsordner verwerfen)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="174"/>
        <source>Choose a folder, then Start.</source>
        <translation>Wählen Sie einen Ordner und dann „Starten“.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="180"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="182"/>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="385"/>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="183"/>
        <source>Stop now; Resume picks up after the files already finished</source>
        <translation>Jetzt anhalten; „Fortsetzen“ macht nach den bereits fertigen Dateien weiter</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="184"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="185"/>
        <source>Open CSV</source>
        <translation>CSV öffnen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="187"/>
        <source>Open job folder</source>
        <translation>Auftragsordner öffnen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="188"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="229"/>
        <source>no task</source>
        <translation>keine Aufgabe</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="230"/>
        <source>This checkpoint was not trained for this task: its config.json (%1) lists %2.</source>
        <translation>Dieser Checkpoint wurde für diese Aufgabe nicht trainiert: seine config.json (%1) nennt %2.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="234"/>
        <source>Each checked question is asked about every face (slow on CPU).</source>
        <translation>Jede angehakte Frage wird zu jedem Gesicht gestellt (langsam auf der CPU).</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="235"/>
        <source>Load a Face-LLaVA checkpoint (Settings) to ask these questions.</source>
        <translation>Laden Sie einen Face-LLaVA-Checkpoint (Einstellungen), um diese Fragen zu stellen.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="237"/>
        <source>Not asked: %1 (the checkpoint was not trained for them).</source>
        <translation>Nicht gefragt: %1 (der Checkpoint wurde dafür nicht trainiert).</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="292"/>
        <source>Choose the folder to analyse and the job folder first.</source>
        <translation>Wählen Sie zuerst den zu analysierenden Ordner und den Auftragsordner.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="313"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="316"/>
        <source>Loading the face models…</source>
        <translation>Die Gesichtsmodelle werden geladen…</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="327"/>
        <source>Pausing…</source>
        <translation>Wird pausiert…</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="336"/>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="367"/>
        <source>Cancelled. Finished files stay in the job folder; a later run resumes them.</source>
        <translation>Abgebrochen. Fertige Dateien bleiben im Auftragsordner; ein späterer Lauf setzt sie fort.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="342"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="347"/>
        <source>%1 / %2 files · %3 failed · %4 frames · elapsed %5 · ETA %6</source>
        <translation>%1 / %2 Dateien · %3 fehlgeschlagen · %4 Frames · vergangen %5 · Restzeit %6</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="354"/>
        <source> · %1 resumed from an earlier run</source>
        <translation> · %1 aus einem früheren Lauf fortgesetzt</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="356"/>
        <source>
Now: %1</source>
        <translation>
Jetzt: %1</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="365"/>
        <source>Paused: %1 files done. Resume continues with the rest.</source>
        <translation>Pausiert: %1 Dateien fertig. „Fortsetzen“ macht mit dem Rest weiter.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="372"/>
        <source>Done in %1: %2 files analysed, %3 resumed, %4 failed; %5 rows in faces.csv.</source>
        <translation>Fertig in %1: %2 Dateien analysiert, %3 fortgesetzt, %4 fehlgeschlagen; %5 Zeilen in faces.csv.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="385"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
</context>
<context>
    <name>facellava::ui::BatchJob</name>
    <message>
        <location filename="../ui/jobs/batch_job.cpp" line="83"/>
        <source>The batch job could not run</source>
        <translation>Der Stapelauftrag konnte nicht laufen</translation>
    </message>
    <message>
        <location filename="../ui/jobs/batch_job.cpp" line="84"/>
        <source>Check the input and output folders and the options.</source>
        <translation>Prüfen Sie Eingabe- und Ausgabeordner sowie die Optionen.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ChatDock</name>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="24"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="53"/>
        <source>Ask about the face… (Ctrl+Enter to send)</source>
        <translation>Fragen Sie nach dem Gesicht… (Strg+Eingabe zum Senden)</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="68"/>
        <location filename="../ui/docks/chat_dock.cpp" line="199"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="68"/>
        <location filename="../ui/docks/chat_dock.cpp" line="258"/>
        <source>Ask the question (Ctrl+Enter)</source>
        <translation>Die Frage stellen (Strg+Eingabe)</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="69"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="69"/>
        <source>Stop the answer now</source>
        <translation>Die Antwort jetzt anhalten</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="70"/>
        <source>Regenerate</source>
        <translation>Neu generieren</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="70"/>
        <source>Answer the last question again</source>
        <translation>Die letzte Frage erneut beantworten</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="71"/>
        <source>Edit last</source>
        <translation>Letzte bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="71"/>
        <source>Edit the last question and ask it again</source>
        <translation>Die letzte Frage bearbeiten und erneut stellen</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="73"/>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="73"/>
        <source>Start a new conversation about the selected face</source>
        <translation>Ein neues Gespräch über das ausgewählte Gesicht beginnen</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="86"/>
        <source>Generation settings</source>
        <translation>Generierungseinstellungen</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="98"/>
        <source>0 = always the most likely word (deterministic)</source>
        <translation>0 = immer das wahrscheinlichste Wort (deterministisch)</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="108"/>
        <source>Default: the checkpoint&apos;s vicuna-v1 system prompt</source>
        <translation>Standard: der vicuna-v1-Systemprompt des Checkpoints</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="110"/>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="111"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="112"/>
        <source>Max tokens</source>
        <translation>Max. Tokens</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="113"/>
        <source>System prompt</source>
        <translation>Systemprompt</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="150"/>
        <source>First token after %1 s</source>
        <translation>Erstes Token nach %1 s</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="158"/>
        <source>Waiting for the first token… %1 s (Stop cancels)</source>
        <translation>Warten auf das erste Token… %1 s (Stopp bricht ab)</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="212"/>
        <source>Resend</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="218"/>
        <source>First token %1 ms (image %2 ms) · %3 tokens/s · stopped: %4</source>
        <translation>Erstes Token %1 ms (Bild %2 ms) · %3 Tokens/s · angehalten: %4</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="229"/>
        <source>Loading the model…</source>
        <translation>Das Modell wird geladen…</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="231"/>
        <source>No model loaded: choose a checkpoint in Settings.</source>
        <translation>Kein Modell geladen: Wählen Sie einen Checkpoint in den Einstellungen.</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="236"/>
        <source>Demo model: a small model for trying the workbench; its answers are not Face-LLaVA&apos;s quality.</source>
        <translation>Demo-Modell: ein kleines Modell zum Ausprobieren der Workbench; seine Antworten haben nicht die Qualität von Face-LLaVA.</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="240"/>
        <source>Running on CPU: the first token may take a while.</source>
        <translation>Läuft auf der CPU: Das erste Token kann eine Weile dauern.</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="249"/>
        <source>Asking about face %1 (frame %2)</source>
        <translation>Frage zu Gesicht %1 (Frame %2)</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="252"/>
        <source>No face selected: open a photo or video with a face.</source>
        <translation>Kein Gesicht ausgewählt: Öffnen Sie ein Foto oder Video mit einem Gesicht.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ChatJob</name>
    <message>
        <location filename="../ui/jobs/chat_job.cpp" line="57"/>
        <source>The model could not answer</source>
        <translation>Das Modell konnte nicht antworten</translation>
    </message>
    <message>
        <location filename="../ui/jobs/chat_job.cpp" line="58"/>
        <source>Check the checkpoint in Settings; the log has details.</source>
        <translation>Prüfen Sie den Checkpoint in den Einstellungen; das Log enthält Details.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ChatSession</name>
    <message>
        <location filename="../ui/models/chat_session.cpp" line="40"/>
        <source>The model is still loading.</source>
        <translation>Das Modell wird noch geladen.</translation>
    </message>
    <message>
        <location filename="../ui/models/chat_session.cpp" line="42"/>
        <source>No model loaded: choose a checkpoint in Settings.</source>
        <translation>Kein Modell geladen: Wählen Sie einen Checkpoint in den Einstellungen.</translation>
    </message>
    <message>
        <location filename="../ui/models/chat_session.cpp" line="44"/>
        <source>Wait for the answer, or press Stop.</source>
        <translation>Warten Sie auf die Antwort oder drücken Sie „Stopp“.</translation>
    </message>
    <message>
        <location filename="../ui/models/chat_session.cpp" line="46"/>
        <source>Open a photo or video with a face first.</source>
        <translation>Öffnen Sie zuerst ein Foto oder Video mit einem Gesicht.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ChatTranscript</name>
    <message>
        <location filename="../ui/widgets/chat_transcript.cpp" line="37"/>
        <source>&lt;p&gt;&lt;i&gt;Ask about the selected face: its expression, action units, age, or whether it looks manipulated.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;Fragen Sie nach dem ausgewählten Gesicht: seinem Ausdruck, seinen Action Units, seinem Alter oder ob es manipuliert wirkt.&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_transcript.cpp" line="51"/>
        <source>You · about face %1</source>
        <translation>Sie · zu Gesicht %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_transcript.cpp" line="51"/>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_transcript.cpp" line="59"/>
        <source>waiting for the first token…</source>
        <translation>warte auf das erste Token…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_transcript.cpp" line="59"/>
        <source>generating…</source>
        <translation>generiere…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_transcript.cpp" line="61"/>
        <source>first token %1 ms · %2 tokens/s · image %3 ms · %4 tokens · stopped: %5</source>
        <translation>erstes Token %1 ms · %2 Tokens/s · Bild %3 ms · %4 Tokens · angehalten: %5</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_transcript.cpp" line="71"/>
        <source>Face-LLaVA</source>
        <translation>Face-LLaVA</translation>
    </message>
</context>
<context>
    <name>facellava::ui::CheckpointReportJob</name>
    <message>
        <location filename="../ui/jobs/checkpoint_report_job.cpp" line="40"/>
        <source>Cannot check the checkpoint folder</source>
        <translation>Der Checkpoint-Ordner kann nicht geprüft werden</translation>
    </message>
    <message>
        <location filename="../ui/jobs/checkpoint_report_job.cpp" line="41"/>
        <source>Choose a checkpoint folder (config.json, tokenizer.model, weights).</source>
        <translation>Wählen Sie einen Checkpoint-Ordner (config.json, tokenizer.model, Gewichte).</translation>
    </message>
</context>
<context>
    <name>facellava::ui::Commands</name>
    <message>
        <location filename="../ui/commands/move_landmark_command.cpp" line="22"/>
        <source>Move landmark %1 of face %2</source>
        <translation>Landmarke %1 von Gesicht %2 verschieben</translation>
    </message>
</context>
<context>
    <name>facellava::ui::DatasetPreview</name>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="48"/>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="48"/>
        <source>Samples</source>
        <translation>Beispiele</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="48"/>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="48"/>
        <source>Videos</source>
        <translation>Videos</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="48"/>
        <source>Landmarks</source>
        <translation>Landmarken</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="48"/>
        <source>Bad</source>
        <translation>Fehlerhaft</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="57"/>
        <source>Media</source>
        <translation>Medium</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="57"/>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="57"/>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="57"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="66"/>
        <source>Problems of the data (file #index: what) show here.</source>
        <translation>Probleme der Daten (Datei #Index: was) werden hier angezeigt.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="77"/>
        <source>The data could not be read: %1</source>
        <translation>Die Daten konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="95"/>
        <source>Add FaceInstruct .json or .jsonl files to see their samples and counts.</source>
        <translation>Fügen Sie FaceInstruct-.json- oder -.jsonl-Dateien hinzu, um ihre Beispiele und Anzahlen zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="100"/>
        <source>Reading and checking the data…</source>
        <translation>Die Daten werden gelesen und geprüft…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="117"/>
        <source>%1 usable of %2 samples in %3 file(s): %4 with images, %5 with videos, %6 text only.</source>
        <translation>%1 von %2 Beispielen in %3 Datei(en) verwendbar: %4 mit Bildern, %5 mit Videos, %6 nur Text.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="126"/>
        <source>%1 missing media, %2 other problems (listed below; the trainer skips them or stops, as chosen).</source>
        <translation>%1 fehlende Medien, %2 andere Probleme (unten aufgeführt; der Trainer überspringt sie oder hält an, wie gewählt).</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="147"/>
        <source>(text only)</source>
        <translation>(nur Text)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="158"/>
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
</context>
<context>
    <name>facellava::ui::DatasetScanJob</name>
    <message>
        <location filename="../ui/jobs/dataset_scan_job.cpp" line="83"/>
        <source>The training data could not be read</source>
        <translation>Die Trainingsdaten konnten nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../ui/jobs/dataset_scan_job.cpp" line="84"/>
        <source>Check the data files in the Data tab; the trainer reads them the same way.</source>
        <translation>Prüfen Sie die Datendateien im Reiter „Daten“; das Training liest sie genauso.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ErrorReporter</name>
    <message>
        <location filename="../ui/dialogs/error_reporter.cpp" line="30"/>
        <source>an unknown error</source>
        <translation>ein unbekannter Fehler</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/error_reporter.cpp" line="57"/>
        <source>&lt;p&gt;File: &lt;code&gt;%1&lt;/code&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;Datei: &lt;code&gt;%1&lt;/code&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/error_reporter.cpp" line="59"/>
        <source>&lt;p&gt;What to do: %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;Was zu tun ist: %1&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/error_reporter.cpp" line="60"/>
        <source>&lt;p&gt;The log (Help ▸ Open log) has more.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Das Log (Hilfe ▸ Log öffnen) enthält mehr.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/error_reporter.cpp" line="64"/>
        <source>Face-LLaVA Workbench</source>
        <translation>Face-LLaVA Workbench</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ExpressionNamesBox</name>
    <message>
        <location filename="../ui/widgets/expression_names_box.cpp" line="30"/>
        <source>face-api&apos;s words</source>
        <translation>Begriffe von face-api</translation>
    </message>
    <message>
        <location filename="../ui/widgets/expression_names_box.cpp" line="33"/>
        <source>py-feat&apos;s words</source>
        <translation>Begriffe von py-feat</translation>
    </message>
    <message>
        <location filename="../ui/widgets/expression_names_box.cpp" line="36"/>
        <source>RAF-DB&apos;s order</source>
        <translation>Reihenfolge von RAF-DB</translation>
    </message>
    <message>
        <location filename="../ui/widgets/expression_names_box.cpp" line="39"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/expression_names_box.cpp" line="43"/>
        <source>Names and order of faces.csv&apos;s expression columns, and the words expression labels are shown in</source>
        <translation>Namen und Reihenfolge der Ausdrucksspalten von faces.csv und die Begriffe, in denen Ausdrucks-Labels angezeigt werden</translation>
    </message>
</context>
<context>
    <name>facellava::ui::FaceOutputsPanel</name>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="29"/>
        <source>Identity</source>
        <translation>Identität</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="30"/>
        <source>Faces whose identity embeddings are alike (cosine similarity ≥ 0.8 to the person&apos;s mean) share a name. The window names the people of the frame on screen; a batch names them across a whole video.</source>
        <translation>Gesichter mit ähnlichen Identitäts-Embeddings (Kosinus-Ähnlichkeit ≥ 0,8 zum Mittel der Person) erhalten denselben Namen. Das Fenster benennt die Personen des angezeigten Frames; ein Stapel benennt sie über ein ganzes Video.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="33"/>
        <source>Gaze</source>
        <translation>Blick</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="34"/>
        <source>OpenFace&apos;s gaze angles of the two eyes&apos; mean direction: 0°, 0° looks into the camera; horizontal &gt; 0 towards the image&apos;s right, vertical &gt; 0 down. Expect several degrees of error (docs/CSV.md).</source>
        <translation>Blickwinkel nach OpenFace aus der mittleren Richtung beider Augen: 0°, 0° blickt in die Kamera; horizontal &gt; 0 zur rechten Bildseite, vertikal &gt; 0 nach unten. Mit einigen Grad Fehler ist zu rechnen (docs/CSV.md).</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="37"/>
        <source>Eye openness</source>
        <translation>Augenöffnung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="38"/>
        <source>Eye aspect ratio of the subject&apos;s own right and left eye: about 0.25–0.35 open, towards 0 closed.</source>
        <translation>Augen-Seitenverhältnis des eigenen rechten und linken Auges der Person: etwa 0,25–0,35 offen, gegen 0 geschlossen.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="40"/>
        <source>Presentation attack</source>
        <translation>Präsentationsangriff</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="41"/>
        <source>Is this a live face in front of the camera, or a photo or screen held up? Higher: more like a live face. These nets do not detect deepfakes: ask Face-LLaVA&apos;s deepfake task for that.</source>
        <translation>Ist dies ein lebendes Gesicht vor der Kamera oder ein hochgehaltenes Foto bzw. ein Bildschirm? Höher: eher ein lebendes Gesicht. Diese Netze erkennen keine Deepfakes: Dafür die Deepfake-Aufgabe von Face-LLaVA fragen.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="60"/>
        <source>%1 (similarity %2)</source>
        <translation>%1 (Ähnlichkeit %2)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="62"/>
        <source>horizontal %1°, vertical %2°</source>
        <translation>horizontal %1°, vertikal %2°</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="66"/>
        <source>right %1 · left %2</source>
        <translation>rechts %1 · links %2</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="70"/>
        <source>antispoof %1 · liveness %2&lt;br&gt;&lt;small&gt;presentation-attack scores (not deepfake detection)&lt;/small&gt;</source>
        <translation>Antispoof %1 · Lebendigkeit %2&lt;br&gt;&lt;small&gt;Werte für Präsentationsangriffe (keine Deepfake-Erkennung)&lt;/small&gt;</translation>
    </message>
</context>
<context>
    <name>facellava::ui::FacesModel</name>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="87"/>
        <source>%1 · face %2</source>
        <translation>%1 · Gesicht %2</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="90"/>
        <location filename="../ui/models/faces_model.cpp" line="97"/>
        <source>%1 (%2%)</source>
        <translation>%1 (%2%)</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="116"/>
        <source>Face</source>
        <translation>Gesicht</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="118"/>
        <source>Expression</source>
        <translation>Ausdruck</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="120"/>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="122"/>
        <source>Gender</source>
        <translation>Geschlecht</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="124"/>
        <source>Yaw°</source>
        <translation>Gieren°</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="126"/>
        <source>Pitch°</source>
        <translation>Nicken°</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="128"/>
        <source>Roll°</source>
        <translation>Rollen°</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="130"/>
        <source>Detector score</source>
        <translation>Detektorbewertung</translation>
    </message>
</context>
<context>
    <name>facellava::ui::MainWindow</name>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="82"/>
        <source>CSV, one row per annotation (*.csv)</source>
        <translation>CSV, eine Zeile pro Annotation (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="85"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="87"/>
        <source>ELAN tab-separated text (*.txt)</source>
        <translation>ELAN-Text, tabulatorgetrennt (*.txt)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="90"/>
        <source>ELAN annotation file (*.eaf)</source>
        <translation>ELAN-Annotationsdatei (*.eaf)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="92"/>
        <source>COCO keypoints with face labels (*.json)</source>
        <translation>COCO-Keypoints mit Gesichtslabels (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="105"/>
        <source>Face-LLaVA Workbench</source>
        <translation>Face-LLaVA Workbench</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="178"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="181"/>
        <source>&lt;opened&gt;</source>
        <translation>&lt;geöffnet&gt;</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="195"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="196"/>
        <source>&amp;Open…</source>
        <translation>&amp;Öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="197"/>
        <source>Open &amp;Recent</source>
        <translation>Zuletzt &amp;geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="199"/>
        <source>&amp;Batch Analysis…</source>
        <translation>&amp;Stapelanalyse…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="201"/>
        <source>&amp;Fine-tune the Model…</source>
        <translation>Modell &amp;feinabstimmen…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="203"/>
        <source>&amp;Export Annotations</source>
        <translation>Annotationen e&amp;xportieren</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="205"/>
        <source>Of This &amp;File…</source>
        <translation>Dieser &amp;Datei…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="208"/>
        <source>Of the Whole &amp;Session…</source>
        <translation>Der ganzen &amp;Sitzung…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="211"/>
        <source>Open &amp;Session File…</source>
        <translation>Sitzungsdatei öffne&amp;n…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="212"/>
        <source>Open Recent Session &amp;File</source>
        <translation>Zuletzt geöffnete Sitzungsdate&amp;i</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="214"/>
        <source>&amp;New Session File…</source>
        <translation>Ne&amp;ue Sitzungsdatei…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="216"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="218"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="219"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="221"/>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="226"/>
        <source>&amp;Label Shortcuts…</source>
        <translation>&amp;Label-Tastenkürzel…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="227"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="229"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="230"/>
        <source>Zoom &amp;In</source>
        <translation>&amp;Vergrößern</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="231"/>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="232"/>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="234"/>
        <source>&amp;Actual Size</source>
        <translation>&amp;Originalgröße</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="236"/>
        <source>Analyse This &amp;Frame Again</source>
        <translation>Diesen Frame e&amp;rneut analysieren</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="242"/>
        <source>&amp;Reset Layout</source>
        <translation>Layout &amp;zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="244"/>
        <source>&amp;Playback</source>
        <translation>&amp;Wiedergabe</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="251"/>
        <source>&amp;Play / Pause</source>
        <translation>&amp;Abspielen / Pause</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="252"/>
        <source>&amp;Next Frame</source>
        <translation>&amp;Nächster Frame</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="253"/>
        <source>&amp;Previous Frame</source>
        <translation>&amp;Vorheriger Frame</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="254"/>
        <source>Forward 1 &amp;Second</source>
        <translation>1 &amp;Sekunde vor</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="256"/>
        <source>&amp;Back 1 Second</source>
        <translation>1 Sekunde &amp;zurück</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="258"/>
        <source>&amp;Jump to Timecode…</source>
        <translation>&amp;Gehe zu Zeitcode…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="260"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="261"/>
        <source>Open &amp;Log</source>
        <translation>&amp;Log öffnen</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="264"/>
        <source>There is no log file yet</source>
        <translation>Es gibt noch keine Logdatei</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="266"/>
        <source>It is created when the workbench starts.</source>
        <translation>Sie wird beim Start der Workbench angelegt.</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="271"/>
        <source>No program opens the log file</source>
        <translation>Kein Programm öffnet die Logdatei</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="273"/>
        <source>Open the file in a text editor.</source>
        <translation>Öffnen Sie die Datei in einem Texteditor.</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="276"/>
        <source>&amp;About Face-LLaVA Workbench</source>
        <translation>Ü&amp;ber Face-LLaVA Workbench</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="277"/>
        <source>About Face-LLaVA Workbench</source>
        <translation>Über Face-LLaVA Workbench</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="375"/>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="441"/>
        <source>This checkpoint has no landmark modules, so no FRGCA attention.</source>
        <translation>Dieser Checkpoint hat keine Landmarken-Module, daher keine FRGCA-Attention.</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="442"/>
        <source>No Face-LLaVA checkpoint loaded: choose one in Settings to see its attention.</source>
        <translation>Kein Face-LLaVA-Checkpoint geladen: Wählen Sie einen in den Einstellungen, um seine Attention zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="450"/>
        <location filename="../ui/windows/main_window.cpp" line="454"/>
        <source>Device: CPU (threads: %1)</source>
        <translation>Gerät: CPU (Threads: %1)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="451"/>
        <source>Device: %1</source>
        <translation>Gerät: %1</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="455"/>
        <source>Device: CUDA %1</source>
        <translation>Gerät: CUDA %1</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="468"/>
        <source>Cannot open the session file</source>
        <translation>Die Sitzungsdatei kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="469"/>
        <source>Choose another session file (File ▸ Open Session File…).</source>
        <translation>Wählen Sie eine andere Sitzungsdatei (Datei ▸ Sitzungsdatei öffnen…).</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="474"/>
        <source>New session file</source>
        <translation>Neue Sitzungsdatei</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="474"/>
        <source>Open session file</source>
        <translation>Sitzungsdatei öffnen</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="476"/>
        <source>Sessions (*.facellava *.sqlite *.db)</source>
        <translation>Sitzungen (*.facellava *.sqlite *.db)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="487"/>
        <source>Open image or video</source>
        <translation>Bild oder Video öffnen</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="488"/>
        <source>Images and videos (*.%1);;All files (*)</source>
        <translation>Bilder und Videos (*.%1);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="497"/>
        <source>Cannot open the file</source>
        <translation>Die Datei kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="499"/>
        <source>Check that it exists; it may have been moved.</source>
        <translation>Prüfen Sie, ob sie existiert; sie wurde vielleicht verschoben.</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="503"/>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="556"/>
        <source>%1 — Face-LLaVA Workbench</source>
        <translation>%1 — Face-LLaVA Workbench</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="558"/>
        <source>%1 × %2 px · %3 fps · %4 frames · %5</source>
        <translation>%1 × %2 px · %3 fps · %4 Frames · %5</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="564"/>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="586"/>
        <source>Export annotations</source>
        <translation>Annotationen exportieren</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="587"/>
        <source>-annotations</source>
        <translation>-annotationen</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="605"/>
        <source>Cannot export annotations: no session file is open</source>
        <translation>Annotationen können nicht exportiert werden: keine Sitzungsdatei geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="607"/>
        <source>Open a session file (File ▸ Open Session File…), then export.</source>
        <translation>Öffnen Sie eine Sitzungsdatei (Datei ▸ Sitzungsdatei öffnen…) und exportieren Sie dann.</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="613"/>
        <source>Cannot export the annotations of this file: no file is open</source>
        <translation>Die Annotationen dieser Datei können nicht exportiert werden: keine Datei geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="615"/>
        <source>Open the photo or video first, or export the whole session.</source>
        <translation>Öffnen Sie zuerst das Foto oder Video, oder exportieren Sie die ganze Sitzung.</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="620"/>
        <source>Exporting annotations to %1…</source>
        <translation>Annotationen werden nach %1 exportiert…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="639"/>
        <source>Exporting the annotations failed</source>
        <translation>Der Export der Annotationen ist fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="640"/>
        <source>Choose a folder you can write to, and export again.</source>
        <translation>Wählen Sie einen Ordner mit Schreibrechten und exportieren Sie erneut.</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="652"/>
        <source>Annotations exported to %1</source>
        <translation>Annotationen nach %1 exportiert</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="683"/>
        <source>Looking for frame %1 in the session…</source>
        <translation>Frame %1 wird in der Sitzung gesucht…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="694"/>
        <source>Cannot read the saved analysis of this frame</source>
        <translation>Die gespeicherte Analyse dieses Frames kann nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="695"/>
        <source>The frame is analysed again. Check the session file with `facellava session check`.</source>
        <translation>Der Frame wird erneut analysiert. Prüfen Sie die Sitzungsdatei mit `facellava session check`.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/windows/main_window.cpp" line="717"/>
        <source>%n face(s) · %1 · saved in the session</source>
        <translation>
            <numerusform>%n Gesicht · %1 · in der Sitzung gespeichert</numerusform>
            <numerusform>%n Gesichter · %1 · in der Sitzung gespeichert</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="728"/>
        <source>Analysing frame %1…</source>
        <translation>Frame %1 wird analysiert…</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/windows/main_window.cpp" line="738"/>
        <source>%n face(s) · %1 · %2 ms</source>
        <translation>
            <numerusform>%n Gesicht · %1 · %2 ms</numerusform>
            <numerusform>%n Gesichter · %1 · %2 ms</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="797"/>
        <source>Jump to timecode</source>
        <translation>Gehe zu Zeitcode</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="798"/>
        <source>Time (1:23.5 or 83.5) or frame (#120):</source>
        <translation>Zeit (1:23.5 oder 83.5) oder Frame (#120):</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="803"/>
        <source>“%1” is not a timecode</source>
        <translation>„%1“ ist kein Zeitcode</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="819"/>
        <location filename="../ui/windows/main_window.cpp" line="837"/>
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="846"/>
        <source>The session file is no longer there</source>
        <translation>Die Sitzungsdatei ist nicht mehr vorhanden</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="848"/>
        <source>It may have been moved or deleted: open it where it is now (File ▸ Open Session File…).</source>
        <translation>Sie wurde vielleicht verschoben oder gelöscht: Öffnen Sie sie an ihrem jetzigen Ort (Datei ▸ Sitzungsdatei öffnen…).</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="873"/>
        <source>Label “%1”</source>
        <translation>Label „%1“</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="901"/>
        <source>Training is running</source>
        <translation>Ein Training läuft</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="902"/>
        <source>A fine-tuning run is still going. Quit anyway? The run is stopped after its current step and its checkpoint is kept, so it can be resumed.</source>
        <translation>Eine Feinabstimmung läuft noch. Trotzdem beenden? Der Lauf wird nach seinem aktuellen Schritt angehalten und sein Checkpoint bleibt erhalten, sodass er fortgesetzt werden kann.</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="934"/>
        <source>&lt;h3&gt;Face-LLaVA Workbench %1&lt;/h3&gt;&lt;p&gt;Study faces with a multimodal LLM (Face-LLaVA, arXiv 2504.07198).&lt;/p&gt;&lt;p&gt;LibTorch %2 · Qt %3 · SQLite %4 · SentencePiece %5&lt;/p&gt;&lt;p&gt;&lt;b&gt;Models and their licences&lt;/b&gt;&lt;ul&gt;&lt;li&gt;face-api nets (tiny face detector, 68 landmarks, expression, age/gender) from @vladmandic/face-api 1.7.15 — MIT; trained on research datasets.&lt;/li&gt;&lt;li&gt;dlib HOG face detector — Boost licence; dlib 68-point shape predictor (libdlib-data) — trained on iBUG 300-W, whose terms restrict commercial use.&lt;/li&gt;&lt;li&gt;Face-LLaVA checkpoints — see their model cards; loaded from disk when you have them.&lt;/li&gt;&lt;/ul&gt;&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Face-LLaVA Workbench %1&lt;/h3&gt;&lt;p&gt;Gesichter mit einem multimodalen LLM untersuchen (Face-LLaVA, arXiv 2504.07198).&lt;/p&gt;&lt;p&gt;LibTorch %2 · Qt %3 · SQLite %4 · SentencePiece %5&lt;/p&gt;&lt;p&gt;&lt;b&gt;Modelle und ihre Lizenzen&lt;/b&gt;&lt;ul&gt;&lt;li&gt;face-api-Netze (Tiny-Gesichtsdetektor, 68 Landmarken, Ausdruck, Alter/Geschlecht) aus @vladmandic/face-api 1.7.15 — MIT; trainiert auf Forschungsdatensätzen.&lt;/li&gt;&lt;li&gt;dlib-HOG-Gesichtsdetektor — Boost-Lizenz; dlib-68-Punkte-Formprädiktor (libdlib-data) — trainiert auf iBUG 300-W, dessen Bedingungen die kommerzielle Nutzung einschränken.&lt;/li&gt;&lt;li&gt;Face-LLaVA-Checkpoints — siehe ihre Model Cards; werden von der Festplatte geladen, wenn Sie sie haben.&lt;/li&gt;&lt;/ul&gt;&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>facellava::ui::MediaDecoder</name>
    <message>
        <location filename="../ui/media/media_decoder.cpp" line="23"/>
        <source>This file is neither an image nor a video</source>
        <translation>Diese Datei ist weder ein Bild noch ein Video</translation>
    </message>
    <message>
        <location filename="../ui/media/media_decoder.cpp" line="25"/>
        <source>Open a JPEG, PNG, BMP, WebP or TIFF image, or a video FFmpeg can read.</source>
        <translation>Öffnen Sie ein JPEG-, PNG-, BMP-, WebP- oder TIFF-Bild oder ein Video, das FFmpeg lesen kann.</translation>
    </message>
    <message>
        <location filename="../ui/media/media_decoder.cpp" line="53"/>
        <source>Cannot open the file</source>
        <translation>Die Datei kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/media/media_decoder.cpp" line="54"/>
        <source>Check that the file exists, is readable and is not damaged.</source>
        <translation>Prüfen Sie, ob die Datei existiert, lesbar und nicht beschädigt ist.</translation>
    </message>
    <message>
        <location filename="../ui/media/media_decoder.cpp" line="71"/>
        <source>Cannot decode frame %1</source>
        <translation>Frame %1 kann nicht dekodiert werden</translation>
    </message>
    <message>
        <location filename="../ui/media/media_decoder.cpp" line="72"/>
        <source>The video may be truncated or damaged; try another frame.</source>
        <translation>Das Video ist vielleicht abgeschnitten oder beschädigt; versuchen Sie einen anderen Frame.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ModelService</name>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="77"/>
        <source>Cannot load the Face-LLaVA checkpoint</source>
        <translation>Der Face-LLaVA-Checkpoint kann nicht geladen werden</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="78"/>
        <source>Choose a checkpoint folder (config.json, tokenizer.model, weights) in Settings.</source>
        <translation>Wählen Sie in den Einstellungen einen Checkpoint-Ordner (config.json, tokenizer.model, Gewichte).</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="95"/>
        <source>Model: loading…</source>
        <translation>Modell: wird geladen…</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="97"/>
        <source>Model: none</source>
        <translation>Modell: keines</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="104"/>
        <source>Model: %1 · %2 · %3 %4 · LLM %5, %6%7</source>
        <translation>Modell: %1 · %2 · %3 %4 · LLM %5, %6%7</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="107"/>
        <source> · demo</source>
        <translation> · Demo</translation>
    </message>
</context>
<context>
    <name>facellava::ui::OptionalOutputsBox</name>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="18"/>
        <source>Face mesh</source>
        <translation>Gesichtsnetz</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="19"/>
        <source>MediaPipe&apos;s 478-point face mesh with the irises (slower: one more net per face)</source>
        <translation>MediaPipes Gesichtsnetz mit 478 Punkten samt Iris (langsamer: ein weiteres Netz pro Gesicht)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="21"/>
        <source>Gaze</source>
        <translation>Blick</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="22"/>
        <source>Each eye&apos;s gaze direction and openness, OpenFace&apos;s convention (needs the face mesh&apos;s irises, measured even when the mesh itself is not kept)</source>
        <translation>Blickrichtung und Öffnung jedes Auges nach OpenFace-Konvention (braucht die Iris des Gesichtsnetzes; gemessen, auch wenn das Netz selbst nicht behalten wird)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="24"/>
        <source>Identity</source>
        <translation>Identität</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="25"/>
        <source>Who is who: faces with similar identity embeddings get the same name, person_1, person_2, … within one photo or video</source>
        <translation>Wer ist wer: Gesichter mit ähnlichen Identitäts-Embeddings erhalten denselben Namen, person_1, person_2, … innerhalb eines Fotos oder Videos</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="27"/>
        <source>Presentation attack</source>
        <translation>Präsentationsangriff</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="28"/>
        <source>Presentation-attack scores (antispoof, liveness): a live face, or a photo or screen held up? Not deepfake detection.</source>
        <translation>Werte für Präsentationsangriffe (Antispoof, Lebendigkeit): ein lebendes Gesicht oder ein hochgehaltenes Foto bzw. ein Bildschirm? Keine Deepfake-Erkennung.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::OverlayControls</name>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="34"/>
        <source>Opacity of %1</source>
        <translation>Deckkraft von %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="53"/>
        <source>Region attended most</source>
        <translation>Am stärksten beachtete Region</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="57"/>
        <source>Region attended most: each patch in the colour of the region it attends to most. A region: how much of each patch&apos;s attention goes to that region&apos;s landmark token, on a fixed 0–1 scale.</source>
        <translation>Am stärksten beachtete Region: jedes Bildfeld in der Farbe der Region, die es am stärksten beachtet. Eine Region: wie viel der Attention jedes Bildfelds auf das Landmarken-Token dieser Region entfällt, auf einer festen Skala von 0 bis 1.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="67"/>
        <source>FRGCA attends with several heads: show their mean or one head</source>
        <translation>FRGCA arbeitet mit mehreren Attention-Köpfen: ihren Mittelwert oder einen einzelnen Kopf zeigen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="80"/>
        <source>Drag landmarks to correct them</source>
        <translation>Landmarken ziehen, um sie zu korrigieren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="84"/>
        <source>Load a Face-LLaVA checkpoint (Settings) to see its attention.</source>
        <translation>Laden Sie einen Face-LLaVA-Checkpoint (Einstellungen), um seine Attention zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="123"/>
        <source>Mean of heads</source>
        <translation>Mittel der Köpfe</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="125"/>
        <source>Head %1</source>
        <translation>Kopf %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="142"/>
        <source>FRGCA attention of the selected face over its crop</source>
        <translation>FRGCA-Attention des ausgewählten Gesichts über seinem Ausschnitt</translation>
    </message>
</context>
<context>
    <name>facellava::ui::OverlayItem</name>
    <message>
        <location filename="../ui/widgets/overlay_item.cpp" line="168"/>
        <source>Face %1</source>
        <translation>Gesicht %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_item.cpp" line="269"/>
        <source>%1 %2%</source>
        <translation>%1 %2 %</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_item.cpp" line="272"/>
        <source>%1 y · %2</source>
        <translation>%1 J. · %2</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_item.cpp" line="276"/>
        <source>yaw %1° pitch %2° roll %3°</source>
        <translation>Gieren %1° Nicken %2° Rollen %3°</translation>
    </message>
</context>
<context>
    <name>facellava::ui::Regions</name>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="33"/>
        <source>Jaw line</source>
        <translation>Kieferlinie</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="34"/>
        <source>Right eyebrow</source>
        <translation>Rechte Augenbraue</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="35"/>
        <source>Left eyebrow</source>
        <translation>Linke Augenbraue</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="36"/>
        <source>Nose bridge</source>
        <translation>Nasenrücken</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="37"/>
        <source>Nostrils</source>
        <translation>Nasenlöcher</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="38"/>
        <source>Right eye</source>
        <translation>Rechtes Auge</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="39"/>
        <source>Left eye</source>
        <translation>Linkes Auge</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="40"/>
        <source>Outer lips</source>
        <translation>Äußere Lippen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="41"/>
        <source>Inner lips (teeth)</source>
        <translation>Innere Lippen (Zähne)</translation>
    </message>
</context>
<context>
    <name>facellava::ui::SeriesChart</name>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="24"/>
        <source>Expression probabilities</source>
        <translation>Ausdruckswahrscheinlichkeiten</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="25"/>
        <source>Age (years)</source>
        <translation>Alter (Jahre)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="26"/>
        <source>Head pose (degrees)</source>
        <translation>Kopfhaltung (Grad)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="29"/>
        <source>Faces are tracked across the sampled frames</source>
        <translation>Gesichter werden über die abgetasteten Frames verfolgt</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="39"/>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="51"/>
        <location filename="../ui/widgets/series_chart.cpp" line="79"/>
        <source>Analyse the video to plot values over time</source>
        <translation>Analysieren Sie das Video, um Werte im Zeitverlauf darzustellen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="59"/>
        <source>Face %1</source>
        <translation>Gesicht %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="97"/>
        <source>age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="101"/>
        <source>yaw</source>
        <translation>Gieren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="102"/>
        <source>pitch</source>
        <translation>Nicken</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="103"/>
        <source>roll</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="136"/>
        <source>playhead</source>
        <translation>Abspielposition</translation>
    </message>
</context>
<context>
    <name>facellava::ui::SeriesJob</name>
    <message>
        <location filename="../ui/jobs/series_job.cpp" line="67"/>
        <source>Frame %1 of %2</source>
        <translation>Bild %1 von %2</translation>
    </message>
    <message>
        <location filename="../ui/jobs/series_job.cpp" line="77"/>
        <source>Analysing the video failed</source>
        <translation>Die Analyse des Videos ist fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/jobs/series_job.cpp" line="78"/>
        <source>Try fewer samples, or check the video plays.</source>
        <translation>Versuchen Sie weniger Stichproben oder prüfen Sie, ob das Video abspielbar ist.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::SessionContext</name>
    <message>
        <location filename="../ui/models/session_context.cpp" line="32"/>
        <source>Saving to the session file failed</source>
        <translation>Das Speichern in die Sitzungsdatei ist fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/models/session_context.cpp" line="33"/>
        <source>Check free disk space and that the session file is writable; your last edit may not be saved.</source>
        <translation>Prüfen Sie den freien Speicherplatz und ob die Sitzungsdatei beschreibbar ist; Ihre letzte Änderung ist vielleicht nicht gespeichert.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::SessionDock</name>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="30"/>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="40"/>
        <source>Open file…</source>
        <translation>Datei öffnen…</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="41"/>
        <source>New file…</source>
        <translation>Neue Datei…</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="46"/>
        <source>Sessions (double-click to rename)</source>
        <translation>Sitzungen (Doppelklick zum Umbenennen)</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="53"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="55"/>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="57"/>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="64"/>
        <source>Conversations</source>
        <translation>Gespräche</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="71"/>
        <source>Search chats…</source>
        <translation>Chats durchsuchen…</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="86"/>
        <source>Session %1</source>
        <translation>Sitzung %1</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="106"/>
        <source>File: %1</source>
        <translation>Datei: %1</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="128"/>
        <source>Created %1</source>
        <translation>Erstellt %1</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="140"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="162"/>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="162"/>
        <source>Face-LLaVA</source>
        <translation>Face-LLaVA</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="164"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="169"/>
        <source>No message contains that text.</source>
        <translation>Keine Nachricht enthält diesen Text.</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="208"/>
        <location filename="../ui/docks/session_dock.cpp" line="220"/>
        <source>Delete session</source>
        <translation>Sitzung löschen</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="209"/>
        <source>This session is open. Open another session first, then delete this one.</source>
        <translation>Diese Sitzung ist geöffnet. Öffnen Sie zuerst eine andere Sitzung und löschen Sie dann diese.</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="221"/>
        <source>Delete the session “%1” with all its media records, faces, annotations and chats? This cannot be undone.</source>
        <translation>Die Sitzung „%1“ mit allen Medieneinträgen, Gesichtern, Annotationen und Chats löschen? Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::SettingsDialog</name>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="36"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="39"/>
        <source>Face-LLaVA model</source>
        <translation>Face-LLaVA-Modell</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="45"/>
        <source>a folder with config.json, tokenizer.model and weights</source>
        <translation>ein Ordner mit config.json, tokenizer.model und Gewichten</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="111"/>
        <source>dlib HOG + 68-point shape predictor</source>
        <translation>dlib HOG + 68-Punkte-Formprädiktor</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="173"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="47"/>
        <source>Checkpoint folder</source>
        <translation>Checkpoint-Ordner</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="53"/>
        <source>searched for (embedded, beside it, Hugging Face cache)</source>
        <translation>wird gesucht (eingebettet, neben dem Checkpoint, Hugging-Face-Cache)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="54"/>
        <source>Image tower folder</source>
        <translation>Bild-Tower-Ordner</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="55"/>
        <source>Choose the image tower folder</source>
        <translation>Den Bild-Tower-Ordner wählen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="59"/>
        <source>Video tower folder</source>
        <translation>Video-Tower-Ordner</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="60"/>
        <source>Choose the video tower folder</source>
        <translation>Den Video-Tower-Ordner wählen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="75"/>
        <source>Automatic (CUDA when available)</source>
        <translation>Automatisch (CUDA, wenn verfügbar)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="76"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="78"/>
        <source>CUDA %1: %2</source>
        <translation>CUDA %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="81"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="84"/>
        <source>Automatic (as stored: float32 on the CPU, bfloat16 on a GPU)</source>
        <translation>Automatisch (wie gespeichert: float32 auf der CPU, bfloat16 auf einer GPU)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="89"/>
        <source>int8 (about half of bfloat16&apos;s memory)</source>
        <translation>int8 (etwa die Hälfte des Speichers von bfloat16)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="90"/>
        <source>int4, groups of 128 (about a quarter)</source>
        <translation>int4, Gruppen zu 128 (etwa ein Viertel)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="91"/>
        <source>int4, groups of 64</source>
        <translation>int4, Gruppen zu 64</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="92"/>
        <source>int4, groups of 32</source>
        <translation>int4, Gruppen zu 32</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="95"/>
        <source>int8 and int4 quantize the LLM&apos;s weights as the model loads: a slower load, less memory; answers may differ slightly from 16/32-bit weights (docs/MODELS.md, “Quantized weights”). Automatic loads a quantized checkpoint as it is stored.</source>
        <translation>int8 und int4 quantisieren die Gewichte des LLM beim Laden des Modells: langsameres Laden, weniger Speicher; Antworten können leicht von 16/32-Bit-Gewichten abweichen (docs/MODELS.md, „Quantized weights“). Automatisch lädt einen quantisierten Checkpoint so, wie er gespeichert ist.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="99"/>
        <source>Precision</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="106"/>
        <source>Face detection</source>
        <translation>Gesichtserkennung</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="110"/>
        <source>face-api tiny detector + landmark net (fast)</source>
        <translation>face-api Tiny-Detektor + Landmarken-Netz (schnell)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="129"/>
        <source>Expression names</source>
        <translation>Ausdrucksnamen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="135"/>
        <source>Per-face outputs</source>
        <translation>Ausgaben pro Gesicht</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="205"/>
        <source>Checking the checkpoint folder…</source>
        <translation>Der Checkpoint-Ordner wird geprüft…</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="224"/>
        <source>OK: this checkpoint can load.</source>
        <translation>OK: Dieser Checkpoint kann geladen werden.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="225"/>
        <source>Cannot load: %1</source>
        <translation>Kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="225"/>
        <source>see the report below.</source>
        <translation>siehe den Bericht unten.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="117"/>
        <source>face-api detector: faces scoring below this are ignored</source>
        <translation>face-api-Detektor: Gesichter mit niedrigerer Bewertung werden ignoriert</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="122"/>
        <source>dlib detector: below 0 finds more (and more false) faces</source>
        <translation>dlib-Detektor: unter 0 findet mehr (und mehr falsche) Gesichter</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="123"/>
        <source>Detector</source>
        <translation>Detektor</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="124"/>
        <source>Minimum face score</source>
        <translation>Minimale Gesichtsbewertung</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="125"/>
        <source>dlib threshold adjustment</source>
        <translation>dlib-Schwellwertanpassung</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="138"/>
        <source>Interface</source>
        <translation>Oberfläche</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="142"/>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="146"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="148"/>
        <source>A new language shows after the workbench restarts.</source>
        <translation>Eine neue Sprache wird nach einem Neustart der Workbench angezeigt.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="48"/>
        <source>Choose a Face-LLaVA checkpoint folder</source>
        <translation>Einen Face-LLaVA-Checkpoint-Ordner wählen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="199"/>
        <source>No checkpoint: the chat stays off until you choose one.</source>
        <translation>Kein Checkpoint: Der Chat bleibt aus, bis Sie einen wählen.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="200"/>
        <source>Using the bundled model.</source>
        <translation>Das mitgelieferte Modell wird verwendet.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::Shortcuts</name>
    <message>
        <location filename="../ui/models/shortcut_conflicts.cpp" line="24"/>
        <source>“%1” and “%2” both use %3</source>
        <translation>„%1“ und „%2“ verwenden beide %3</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ShortcutsDialog</name>
    <message>
        <location filename="../ui/dialogs/shortcuts_dialog.cpp" line="21"/>
        <source>Label shortcuts</source>
        <translation>Label-Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/shortcuts_dialog.cpp" line="24"/>
        <source>Press a key in a row to bind it to that label. A single key labels the selected face (or the frame, or ends a started range).</source>
        <translation>Drücken Sie in einer Zeile eine Taste, um sie diesem Label zuzuordnen. Eine einzelne Taste labelt das ausgewählte Gesicht (oder den Frame, oder beendet einen begonnenen Bereich).</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/shortcuts_dialog.cpp" line="28"/>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/shortcuts_dialog.cpp" line="28"/>
        <source>Key</source>
        <translation>Taste</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/shortcuts_dialog.cpp" line="35"/>
        <source>New label</source>
        <translation>Neues Label</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/shortcuts_dialog.cpp" line="36"/>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/shortcuts_dialog.cpp" line="37"/>
        <source>Remove selected</source>
        <translation>Ausgewählte entfernen</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TaskAnswersJob</name>
    <message>
        <location filename="../ui/jobs/task_answers_job.cpp" line="33"/>
        <source>Asking Face-LLaVA</source>
        <translation>Face-LLaVA wird gefragt</translation>
    </message>
    <message>
        <location filename="../ui/jobs/task_answers_job.cpp" line="49"/>
        <source>Face-LLaVA could not answer the task questions</source>
        <translation>Face-LLaVA konnte die Aufgabenfragen nicht beantworten</translation>
    </message>
    <message>
        <location filename="../ui/jobs/task_answers_job.cpp" line="50"/>
        <source>Check the checkpoint in Settings.</source>
        <translation>Prüfen Sie den Checkpoint in den Einstellungen.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TaskAnswersPanel</name>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="25"/>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="147"/>
        <source>Ask Face-LLaVA</source>
        <translation>Face-LLaVA fragen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="44"/>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="44"/>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="44"/>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="95"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="133"/>
        <source>no task</source>
        <translation>keine Aufgabe</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="134"/>
        <source>%1 was not trained for this task: its config.json lists %2. Asked anyway, it would answer with one of those.</source>
        <translation>%1 wurde für diese Aufgabe nicht trainiert: seine config.json nennt %2. Trotzdem gefragt, würde es mit einer davon antworten.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="147"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="151"/>
        <source>Load a Face-LLaVA checkpoint (Settings) to ask the standard questions.</source>
        <translation>Laden Sie einen Face-LLaVA-Checkpoint (Einstellungen), um die Standardfragen zu stellen.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="153"/>
        <source>Select a face to ask about.</source>
        <translation>Wählen Sie ein Gesicht aus, nach dem gefragt werden soll.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="155"/>
        <source>Check the tasks to ask about face %1.</source>
        <translation>Wählen Sie die Aufgaben, nach denen zu Gesicht %1 gefragt werden soll.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="157"/>
        <source>The checked tasks of face %1, with the labels parsed from each answer.</source>
        <translation>Die gewählten Aufgaben zu Gesicht %1, mit den aus jeder Antwort gelesenen Labels.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::Timecode</name>
    <message>
        <location filename="../ui/support/timecode.cpp" line="23"/>
        <source>%1 · frame %2</source>
        <translation>%1 · Frame %2</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainCommandBox</name>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="17"/>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="25"/>
        <source>What Start runs; paste it into a terminal to train without the workbench</source>
        <translation>Was „Starten“ ausführt; in ein Terminal einfügen, um ohne die Workbench zu trainieren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="28"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="29"/>
        <source>Save config…</source>
        <translation>Konfiguration speichern…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="30"/>
        <source>Load config…</source>
        <translation>Konfiguration laden…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="31"/>
        <source>Write the settings as a JSON file `facellava train --config` reads</source>
        <translation>Die Einstellungen als JSON-Datei schreiben, die `facellava train --config` liest</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="81"/>
        <source># Some values cannot be written as flags: Start writes them to %1 first.</source>
        <translation># Einige Werte lassen sich nicht als Optionen schreiben: „Starten“ schreibt sie zuerst nach %1.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="90"/>
        <source>Save training config</source>
        <translation>Trainingskonfiguration speichern</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="91"/>
        <source>Training config (*.json)</source>
        <translation>Trainingskonfiguration (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="92"/>
        <source>Load training config</source>
        <translation>Trainingskonfiguration laden</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="93"/>
        <source>Training config (*.json);;All files (*)</source>
        <translation>Trainingskonfiguration (*.json);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainConfigFiles</name>
    <message>
        <location filename="../ui/models/train_config_files.cpp" line="48"/>
        <source>The training config could not be saved</source>
        <translation>Die Trainingskonfiguration konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <location filename="../ui/models/train_config_files.cpp" line="49"/>
        <source>Choose a folder you can write to.</source>
        <translation>Wählen Sie einen Ordner mit Schreibrechten.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainConfigForm</name>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="82"/>
        <source>Base checkpoint</source>
        <translation>Basis-Checkpoint</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="84"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="87"/>
        <source>Precision</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="89"/>
        <source>auto (bf16 on CUDA, fp32 on CPU)</source>
        <translation>automatisch (bf16 auf CUDA, fp32 auf der CPU)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="91"/>
        <source>bf16 (CUDA)</source>
        <translation>bf16 (CUDA)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="93"/>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="95"/>
        <source>Stage 1: landmark projectors + FRGCA</source>
        <translation>Stufe 1: Landmarken-Projektoren + FRGCA</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="97"/>
        <source>Stage 2: language model + projectors</source>
        <translation>Stufe 2: Sprachmodell + Projektoren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="99"/>
        <source>Stage 2 with LoRA on the language model (instead of all its weights)</source>
        <translation>Stufe 2 mit LoRA auf dem Sprachmodell (statt aller seiner Gewichte)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="103"/>
        <source>Training files</source>
        <translation>Trainingsdateien</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="105"/>
        <source>Held-out files</source>
        <translation>Zurückgehaltene Dateien</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="107"/>
        <source>Held-out share</source>
        <translation>Zurückgehaltener Anteil</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="109"/>
        <source>Image folder</source>
        <translation>Bildordner</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="111"/>
        <source>Video folder</source>
        <translation>Videoordner</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="113"/>
        <source>Bad samples</source>
        <translation>Fehlerhafte Beispiele</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="114"/>
        <source>skip them (reported)</source>
        <translation>überspringen (gemeldet)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="115"/>
        <source>stop the run</source>
        <translation>den Lauf anhalten</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="116"/>
        <source>Check that every media and landmark file exists</source>
        <translation>Prüfen, ob jede Medien- und Landmarkendatei existiert</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="118"/>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="119"/>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="120"/>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="122"/>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="125"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="127"/>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="130"/>
        <source>Warmup share</source>
        <translation>Warmup-Anteil</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="132"/>
        <source>Warmup steps</source>
        <translation>Warmup-Schritte</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="134"/>
        <source>Weight decay</source>
        <translation>Weight Decay</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="136"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="137"/>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="139"/>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="141"/>
        <source>Gradient accumulation</source>
        <translation>Gradientenakkumulation</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="143"/>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="145"/>
        <source>Checkpoint every N steps</source>
        <translation>Checkpoint alle N Schritte</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="147"/>
        <source>Checkpoints kept</source>
        <translation>Aufbewahrte Checkpoints</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="149"/>
        <source>Write a model the chat can load (final/, LoRA merged)</source>
        <translation>Ein Modell schreiben, das der Chat laden kann (final/, LoRA eingerechnet)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="152"/>
        <source>Evaluate every N steps</source>
        <translation>Evaluation alle N Schritte</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="154"/>
        <source>Held-out samples per evaluation</source>
        <translation>Zurückgehaltene Beispiele pro Evaluation</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="155"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="159"/>
        <source>Processes / GPUs</source>
        <translation>Prozesse / GPUs</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="190"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="192"/>
        <source>LoRA on the language model (stage lora)</source>
        <translation>LoRA auf dem Sprachmodell (Stufe lora)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="194"/>
        <source>Optimisation</source>
        <translation>Optimierung</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="196"/>
        <source>Checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="198"/>
        <source>Evaluation</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="200"/>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="201"/>
        <source>Run and processes</source>
        <translation>Lauf und Prozesse</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="325"/>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="326"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="336"/>
        <source>FaceInstruct files</source>
        <translation>FaceInstruct-Dateien</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="337"/>
        <source>FaceInstruct data (*.json *.jsonl);;All files (*)</source>
        <translation>FaceInstruct-Daten (*.json *.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="409"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="613"/>
        <source>%1: &apos;%2&apos; is not a number</source>
        <translation>%1: „%2“ ist keine Zahl</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="619"/>
        <source>%1: &apos;%2&apos; is not a whole number ≥ 0</source>
        <translation>%1: „%2“ ist keine ganze Zahl ≥ 0</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="625"/>
        <source>%1: &apos;%2&apos; is not a whole number</source>
        <translation>%1: „%2“ ist keine ganze Zahl</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainerEvent</name>
    <message>
        <location filename="../ui/jobs/trainer_event.cpp" line="25"/>
        <source>a whole number</source>
        <translation>eine ganze Zahl</translation>
    </message>
    <message>
        <location filename="../ui/jobs/trainer_event.cpp" line="31"/>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
    <message>
        <location filename="../ui/jobs/trainer_event.cpp" line="44"/>
        <source>a string</source>
        <translation>eine Zeichenkette</translation>
    </message>
    <message>
        <location filename="../ui/jobs/trainer_event.cpp" line="54"/>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingCharts</name>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="26"/>
        <location filename="../ui/widgets/training_charts.cpp" line="47"/>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="26"/>
        <source>loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="28"/>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="30"/>
        <source>held-out</source>
        <translation>zurückgehalten</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="37"/>
        <location filename="../ui/widgets/training_charts.cpp" line="48"/>
        <location filename="../ui/widgets/training_charts.cpp" line="194"/>
        <source>Held-out metrics</source>
        <translation>Metriken der zurückgehaltenen Daten</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="37"/>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="38"/>
        <location filename="../ui/widgets/training_charts.cpp" line="49"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="38"/>
        <location filename="../ui/widgets/training_charts.cpp" line="40"/>
        <source>learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="60"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="193"/>
        <source>Held-out metrics (none yet: set a held-out share or files)</source>
        <translation>Metriken der zurückgehaltenen Daten (noch keine: Anteil oder Dateien festlegen)</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingDialog</name>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="43"/>
        <source>Fine-tune Face-LLaVA</source>
        <translation>Face-LLaVA feinabstimmen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="59"/>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="60"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="61"/>
        <source>Output &amp;&amp; resume</source>
        <translation>Ausgabe &amp;&amp; Fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="62"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="230"/>
        <source>The settings cannot be saved</source>
        <translation>Die Einstellungen können nicht gespeichert werden</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="230"/>
        <location filename="../ui/dialogs/training_dialog.cpp" line="249"/>
        <source>Correct these fields first.</source>
        <translation>Korrigieren Sie zuerst diese Felder.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="124"/>
        <source>Saved the settings to %1 (use it with `facellava train --config`).</source>
        <translation>Die Einstellungen wurden in %1 gespeichert (mit `facellava train --config` verwenden).</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="132"/>
        <source>Loaded the settings of %1.</source>
        <translation>Die Einstellungen von %1 wurden geladen.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="247"/>
        <source>The training cannot start</source>
        <translation>Das Training kann nicht starten</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="267"/>
        <source>The training settings are incomplete</source>
        <translation>Die Trainingseinstellungen sind unvollständig</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="269"/>
        <source>Fix the settings listed, then Start again.</source>
        <translation>Korrigieren Sie die aufgeführten Einstellungen und starten Sie erneut.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="273"/>
        <source>The trainer program was not found</source>
        <translation>Das Trainerprogramm wurde nicht gefunden</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="275"/>
        <source>Build or install `facellava` next to the workbench, or set the FACELLAVA_CLI environment variable to its path.</source>
        <translation>Bauen oder installieren Sie `facellava` neben der Workbench, oder setzen Sie die Umgebungsvariable FACELLAVA_CLI auf seinen Pfad.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="398"/>
        <source>The charts follow the run in progress; look at past runs when it ends.</source>
        <translation>Die Diagramme folgen dem laufenden Lauf; frühere Läufe können Sie ansehen, wenn er endet.</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="407"/>
        <source>Curves of run %1 (%2).</source>
        <translation>Kurven von Lauf %1 (%2).</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingHistoryView</name>
    <message>
        <location filename="../ui/widgets/training_history_view.cpp" line="30"/>
        <source>Show curves</source>
        <translation>Kurven zeigen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_history_view.cpp" line="31"/>
        <source>Use its settings</source>
        <translation>Seine Einstellungen verwenden</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_history_view.cpp" line="32"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_history_view.cpp" line="71"/>
        <source>Open a session to keep a history of training runs.</source>
        <translation>Öffnen Sie eine Sitzung, um einen Verlauf der Trainingsläufe zu führen.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_history_view.cpp" line="74"/>
        <source>Training runs started from this session, newest first.</source>
        <translation>Aus dieser Sitzung gestartete Trainingsläufe, neueste zuerst.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_history_view.cpp" line="85"/>
        <source>training run %1</source>
        <translation>Trainingslauf %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_history_view.cpp" line="87"/>
        <source>The run&apos;s settings cannot be used</source>
        <translation>Die Einstellungen des Laufs können nicht verwendet werden</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingJob</name>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="48"/>
        <source>step %1 / %2</source>
        <translation>Schritt %1 / %2</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="49"/>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="68"/>
        <source>The trainer could not be started</source>
        <translation>Der Trainer konnte nicht gestartet werden</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="69"/>
        <source>Build or install the `facellava` program next to the workbench, or point FACELLAVA_CLI at it.</source>
        <translation>Bauen oder installieren Sie das Programm `facellava` neben der Workbench, oder lassen Sie FACELLAVA_CLI darauf zeigen.</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="150"/>
        <source>cannot create the folder</source>
        <translation>der Ordner kann nicht angelegt werden</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="163"/>
        <source>The output folder cannot be prepared</source>
        <translation>Der Ausgabeordner kann nicht vorbereitet werden</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="164"/>
        <source>Choose a folder you can write to.</source>
        <translation>Wählen Sie einen Ordner mit Schreibrechten.</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="256"/>
        <source>started %1 processes</source>
        <translation>%1 Prozesse gestartet</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="256"/>
        <source>started</source>
        <translation>gestartet</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="323"/>
        <location filename="../ui/jobs/training_job.cpp" line="351"/>
        <source>Training failed</source>
        <translation>Das Training ist fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="326"/>
        <source>Read the trainer&apos;s output in the dialog, fix the setting or file it names, then Start again (or Resume from a checkpoint).</source>
        <translation>Lesen Sie die Ausgabe des Trainers im Dialog, korrigieren Sie die genannte Einstellung oder Datei und starten Sie erneut (oder setzen Sie von einem Checkpoint aus fort).</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="345"/>
        <source>the trainer crashed without reporting an outcome</source>
        <translation>der Trainer ist abgestürzt, ohne ein Ergebnis zu melden</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="346"/>
        <source>the trainer exited with code %1 without reporting an outcome</source>
        <translation>der Trainer wurde mit Code %1 beendet, ohne ein Ergebnis zu melden</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="352"/>
        <source>Read the trainer&apos;s output in the dialog, then Start again (or Resume from a checkpoint).</source>
        <translation>Lesen Sie die Ausgabe des Trainers im Dialog und starten Sie dann erneut (oder setzen Sie von einem Checkpoint aus fort).</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="372"/>
        <source>aborted by the user</source>
        <translation>vom Benutzer abgebrochen</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingMetricsModel</name>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="226"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="336"/>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="349"/>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="351"/>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="353"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="355"/>
        <source>Grad norm</source>
        <translation>Gradientennorm</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="357"/>
        <source>Tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="359"/>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="361"/>
        <source>ETA</source>
        <translation>Restzeit</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingOutputPage</name>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="26"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="30"/>
        <source>Start fresh, or continue from a checkpoint of the output folder</source>
        <translation>Neu beginnen oder von einem Checkpoint des Ausgabeordners fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="31"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="52"/>
        <source>Fresh run (no resume)</source>
        <translation>Neuer Lauf (kein Fortsetzen)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="53"/>
        <source>The newest checkpoint (latest)</source>
        <translation>Der neueste Checkpoint (latest)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="85"/>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="87"/>
        <source> of %1</source>
        <translation> von %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="91"/>
        <source> · loss %1</source>
        <translation> · Loss %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="93"/>
        <source> (latest)</source>
        <translation> (neuester)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="95"/>
        <source> — incomplete</source>
        <translation> — unvollständig</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="102"/>
        <source>This folder holds %1 checkpoint(s) of an earlier run. A fresh run starts its metrics over and may replace them; choose one under Resume to continue instead.</source>
        <translation>Dieser Ordner enthält %1 Checkpoint(s) eines früheren Laufs. Ein neuer Lauf beginnt seine Metriken von vorn und kann sie ersetzen; wählen Sie stattdessen einen unter „Fortsetzen“, um weiterzumachen.</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingProgressPanel</name>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="39"/>
        <source>Process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="39"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="50"/>
        <source>The trainer&apos;s output shows here.</source>
        <translation>Die Ausgabe des Trainers erscheint hier.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="82"/>
        <source>Choose the data, the base checkpoint and an output folder, then Start.</source>
        <translation>Wählen Sie die Daten, den Basis-Checkpoint und einen Ausgabeordner, dann „Starten“.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="86"/>
        <source>Training in a separate process (%1). The workbench stays usable; Close only hides this window.</source>
        <translation>Training in einem separaten Prozess (%1). Die Workbench bleibt benutzbar; „Schließen“ blendet dieses Fenster nur aus.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="92"/>
        <source>Stopping: the trainer finishes the current step and saves a checkpoint…</source>
        <translation>Wird angehalten: Der Trainer beendet den aktuellen Schritt und speichert einen Checkpoint…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="97"/>
        <source>Stopped the trainer without waiting for its checkpoint; the last saved checkpoint (if any) is still there.</source>
        <translation>Der Trainer wurde angehalten, ohne auf seinen Checkpoint zu warten; der zuletzt gespeicherte Checkpoint (falls vorhanden) ist noch da.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="110"/>
        <source>Finished %1 steps in %2. Checkpoint: %3 (no model folder was written: turn on &quot;Write a model the chat can load&quot;).</source>
        <translation>%1 Schritte in %2 abgeschlossen. Checkpoint: %3 (es wurde kein Modellordner geschrieben: Aktivieren Sie „Ein Modell schreiben, das der Chat laden kann“).</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="114"/>
        <source>Finished %1 steps in %2. The model is in %3; Load into chat uses it.</source>
        <translation>%1 Schritte in %2 abgeschlossen. Das Modell liegt in %3; „In den Chat laden“ verwendet es.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="122"/>
        <source>Aborted after %1 steps. No checkpoint was written (the run stopped before its first step ended, or was forced).</source>
        <translation>Nach %1 Schritten abgebrochen. Es wurde kein Checkpoint geschrieben (der Lauf endete vor dem Ende seines ersten Schritts oder wurde erzwungen beendet).</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="125"/>
        <source>Aborted after %1 steps. The checkpoint was kept: %2. Choose it under Resume to continue.</source>
        <translation>Nach %1 Schritten abgebrochen. Der Checkpoint wurde behalten: %2. Wählen Sie ihn unter „Fortsetzen“, um weiterzumachen.</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="136"/>
        <source>File: %1</source>
        <translation>Datei: %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="156"/>
        <source>launcher</source>
        <translation>Launcher</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="156"/>
        <source>rank %1</source>
        <translation>Rang %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="174"/>
        <source>Step %1 / %2</source>
        <translation>Schritt %1 / %2</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="174"/>
        <source>Step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="176"/>
        <source>loss %1</source>
        <translation>Loss %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="178"/>
        <source>%1 tokens/s</source>
        <translation>%1 Tokens/s</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="179"/>
        <source>GPU memory %1 GiB</source>
        <translation>GPU-Speicher %1 GiB</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="179"/>
        <source>memory %1 GiB</source>
        <translation>Speicher %1 GiB</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="181"/>
        <source>elapsed %1</source>
        <translation>vergangen %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="183"/>
        <source>ETA %1</source>
        <translation>Restzeit %1</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingRunButtons</name>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="11"/>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="48"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="13"/>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="39"/>
        <source>Abort</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="15"/>
        <source>Load into chat</source>
        <translation>In den Chat laden</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="17"/>
        <source>Use the trained model in the chat</source>
        <translation>Das trainierte Modell im Chat verwenden</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="18"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="19"/>
        <source>Hide this window; a run goes on</source>
        <translation>Dieses Fenster ausblenden; ein Lauf geht weiter</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="41"/>
        <source>Stop after the current step; the trainer saves a checkpoint to resume from</source>
        <translation>Nach dem aktuellen Schritt anhalten; der Trainer speichert einen Checkpoint zum Fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="48"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="54"/>
        <source>Force stop</source>
        <translation>Sofort anhalten</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="55"/>
        <source>Kill the trainer now (no checkpoint of the current step)</source>
        <translation>Den Trainer jetzt beenden (kein Checkpoint des aktuellen Schritts)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="65"/>
        <source>Available when a run has written its model</source>
        <translation>Verfügbar, wenn ein Lauf sein Modell geschrieben hat</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="66"/>
        <source>Use %1 in the chat</source>
        <translation>%1 im Chat verwenden</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingRunsModel</name>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="24"/>
        <source>queued</source>
        <translation>in Warteschlange</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="26"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="28"/>
        <source>finished</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="30"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="32"/>
        <source>aborted</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="83"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="85"/>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="87"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="89"/>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="91"/>
        <source>Last loss</source>
        <translation>Letzter Loss</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="93"/>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TransportBar</name>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="32"/>
        <source>Back 1 s (Shift+Left)</source>
        <translation>1 s zurück (Umschalt+Links)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="34"/>
        <source>Previous frame (Left)</source>
        <translation>Vorheriger Frame (Links)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="36"/>
        <source>Play / pause (Space)</source>
        <translation>Abspielen / Pause (Leertaste)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="38"/>
        <source>Next frame (Right)</source>
        <translation>Nächster Frame (Rechts)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="40"/>
        <source>Forward 1 s (Shift+Right)</source>
        <translation>1 s vor (Umschalt+Rechts)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="45"/>
        <source>Scrub through the video</source>
        <translation>Durch das Video scrubben</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="57"/>
        <source>mm:ss.fff or #frame</source>
        <translation>mm:ss.fff oder #Frame</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="58"/>
        <source>Jump to a time (1:23.5) or a frame (#120); press Enter</source>
        <translation>Zu einer Zeit (1:23.5) oder einem Frame (#120) springen; Eingabe drücken</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="76"/>
        <source>“%1” is not a timecode: type 1:23.5, 83.5 or #120</source>
        <translation>„%1“ ist kein Zeitcode: Geben Sie 1:23.5, 83.5 oder #120 ein</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="102"/>
        <source>Study faces with Face-LLaVA.</source>
        <translation>Gesichter mit Face-LLaVA untersuchen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="106"/>
        <source>An image or video to open.</source>
        <translation>Ein Bild oder Video zum Öffnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="107"/>
        <source>Open FILE.</source>
        <translation>FILE öffnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="111"/>
        <source>Save the window to PNG once idle, then quit.</source>
        <translation>Das Fenster als PNG speichern, sobald es untätig ist, dann beenden.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="113"/>
        <source>With --screenshot: ask QUESTION first.</source>
        <translation>Mit --screenshot: zuerst QUESTION stellen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="116"/>
        <source>Use this Face-LLaVA checkpoint folder.</source>
        <translation>Diesen Face-LLaVA-Checkpoint-Ordner verwenden.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="119"/>
        <source>Window size, e.g. 1600x1000.</source>
        <translation>Fenstergröße, z. B. 1600x1000.</translation>
    </message>
</context>
</TS>
