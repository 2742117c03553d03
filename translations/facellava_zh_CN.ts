<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="37"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../ui/models/train_config_files.cpp" line="70"/>
        <source>The training config could not be read</source>
        <translation>无法读取训练配置</translation>
    </message>
    <message>
        <location filename="../ui/models/train_config_files.cpp" line="71"/>
        <source>Choose a file written by Save config or `facellava train --save-config`.</source>
        <translation>请选择由“保存配置”或 `facellava train --save-config` 写出的文件。</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="11"/>
        <source>%1 B parameters</source>
        <translation>%1 B 参数</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="13"/>
        <source>%1 M parameters</source>
        <translation>%1 M 参数</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="14"/>
        <source>%1 k parameters</source>
        <translation>%1 k 参数</translation>
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
        <translation>metrics.jsonl 第 %1 行：不是 JSON 对象（%2）</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="42"/>
        <source>another JSON value</source>
        <translation>其他 JSON 值</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="47"/>
        <source>metrics.jsonl line %1: no &quot;step&quot; number; line skipped</source>
        <translation>metrics.jsonl 第 %1 行：没有 “step” 数值；已跳过该行</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="81"/>
        <source>metrics.jsonl after line %1: %2 bytes without a line end; skipped</source>
        <translation>metrics.jsonl 第 %1 行之后：%2 字节没有行尾；已跳过</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AnalysisDock</name>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="31"/>
        <source>Analysis</source>
        <translation>分析</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="40"/>
        <source>Overlays</source>
        <translation>叠加层</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="46"/>
        <source>Open a photo or video to analyse its faces.</source>
        <translation>打开照片或视频以分析其中的人脸。</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="67"/>
        <source>Selected face</source>
        <translation>所选人脸</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="78"/>
        <source>&lt;small&gt;Expression, age and gender: face-api nets (MIT), trained on research data sets; estimates, not facts about the person.&lt;/small&gt;</source>
        <translation>&lt;small&gt;表情、年龄和性别：face-api 网络（MIT），在研究数据集上训练；仅为估计，并非关于此人的事实。&lt;/small&gt;</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="85"/>
        <source>Face-LLaVA answers</source>
        <translation>Face-LLaVA 的回答</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="98"/>
        <source>Over time</source>
        <translation>随时间变化</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="105"/>
        <source> frames</source>
        <translation> 帧</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="106"/>
        <source>How many frames, evenly spaced, to analyse</source>
        <translation>要分析的帧数（均匀分布）</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="107"/>
        <location filename="../ui/docks/analysis_dock.cpp" line="180"/>
        <source>Analyse video</source>
        <translation>分析视频</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="110"/>
        <location filename="../ui/docks/analysis_dock.cpp" line="162"/>
        <source>Open a video to plot its values over time</source>
        <translation>打开视频以绘制其数值随时间的变化</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="161"/>
        <source>Analyse evenly spaced frames and plot the values</source>
        <translation>分析均匀分布的帧并绘制数值</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="175"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="204"/>
        <source>No face found in this frame.</source>
        <translation>此帧中未找到人脸。</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="208"/>
        <source>Face %1 · age ≈ %2 · %3 (%4%)</source>
        <translation>人脸 %1 · 年龄 ≈ %2 · %3（%4%）</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="214"/>
        <source>&lt;br&gt;Head pose: yaw %1°, pitch %2°, roll %3°</source>
        <translation>&lt;br&gt;头部姿态：偏航 %1°，俯仰 %2°，翻滚 %3°</translation>
    </message>
    <message>
        <location filename="../ui/docks/analysis_dock.cpp" line="219"/>
        <source> &lt;i&gt;(landmarks fit poorly: angles uncertain)&lt;/i&gt;</source>
        <translation> &lt;i&gt;（关键点拟合不佳：角度不确定）&lt;/i&gt;</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AnalysisRunner</name>
    <message>
        <location filename="../ui/jobs/analysis_runner.cpp" line="41"/>
        <source>Face analysis failed</source>
        <translation>人脸分析失败</translation>
    </message>
    <message>
        <location filename="../ui/jobs/analysis_runner.cpp" line="42"/>
        <source>Check the face models with `facellava info`; run scripts/bootstrap.sh if any is missing.</source>
        <translation>请用 `facellava info` 检查人脸模型；如有缺失，请运行 scripts/bootstrap.sh。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AnnotationDock</name>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="28"/>
        <source>Annotations</source>
        <translation>标注</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="45"/>
        <source>The lane (ELAN tier) the label goes on</source>
        <translation>标签所在的轨道（ELAN 层）</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="46"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="47"/>
        <source>Tier</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="59"/>
        <source>Label face</source>
        <translation>标注人脸</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="59"/>
        <source>Label the selected face at this frame</source>
        <translation>在此帧标注所选人脸</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="61"/>
        <source>Label frame</source>
        <translation>标注帧</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="61"/>
        <source>Label the whole frame (or the image)</source>
        <translation>标注整帧（或整张图像）</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="62"/>
        <location filename="../ui/docks/annotation_dock.cpp" line="222"/>
        <source>Start range</source>
        <translation>开始区间</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="63"/>
        <source>Mark the start of a time range at the playhead; press again (or a label key) to end it</source>
        <translation>在播放头处标记时间区间的开始；再按一次（或按标签键）结束区间</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="67"/>
        <source>Relabel</source>
        <translation>重新标注</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="67"/>
        <source>Give the selected row the current label</source>
        <translation>为所选行设置当前标签</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="69"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="69"/>
        <source>Delete the selected row (undoable)</source>
        <translation>删除所选行（可撤销）</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="112"/>
        <source>%1 = %2  </source>
        <translation>%1 = %2  </translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="122"/>
        <source>Keys: %1(Edit ▸ Label shortcuts… to change)</source>
        <translation>按键：%1（在“编辑 ▸ 标签快捷键…”中更改）</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="184"/>
        <source>Select a face first (click it in the view or in the Analysis panel).</source>
        <translation>请先选择一张人脸（在视图或“分析”面板中点击它）。</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="191"/>
        <source>Label face %1 “%2”</source>
        <translation>将人脸 %1 标注为“%2”</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="202"/>
        <source>Label frame %1 “%2”</source>
        <translation>将帧 %1 标注为“%2”</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="208"/>
        <source>Time ranges need a video.</source>
        <translation>时间区间需要视频。</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="212"/>
        <source>End range</source>
        <translation>结束区间</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="214"/>
        <source>Range starts at the playhead; move to its end and press a label key or End range.</source>
        <translation>区间从播放头处开始；移动到区间末尾，然后按标签键或“结束区间”。</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="227"/>
        <source>Label range “%1”</source>
        <translation>将区间标注为“%1”</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="249"/>
        <source>Relabel as “%1”</source>
        <translation>重新标注为“%1”</translation>
    </message>
    <message>
        <location filename="../ui/docks/annotation_dock.cpp" line="259"/>
        <source>Delete “%1”</source>
        <translation>删除“%1”</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AnnotationLanes</name>
    <message>
        <location filename="../ui/widgets/annotation_lanes.cpp" line="16"/>
        <source>Annotation tiers: labelled time ranges and frames. Click to move the playhead.</source>
        <translation>标注层：已标注的时间区间和帧。点击可移动播放头。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AnnotationModel</name>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="93"/>
        <location filename="../ui/models/annotation_model.cpp" line="125"/>
        <source>Face</source>
        <translation>人脸</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="95"/>
        <source>Frame</source>
        <translation>帧</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="97"/>
        <source>Range</source>
        <translation>区间</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="104"/>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="107"/>
        <source>image</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="108"/>
        <source>whole media</source>
        <translation>整个媒体</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="123"/>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="127"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="129"/>
        <source>Tier</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../ui/models/annotation_model.cpp" line="131"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AttentionColorBar</name>
    <message>
        <location filename="../ui/widgets/attention_legend.cpp" line="101"/>
        <source>Attention weight: 0 at the left end, 1 at the right end</source>
        <translation>注意力权重：左端为 0，右端为 1</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AttentionLegend</name>
    <message>
        <location filename="../ui/widgets/attention_legend.cpp" line="58"/>
        <source>Colour: the region each patch attends to most. Opacity: how decisively; clear where all nine regions get 1/9, solid where one region gets all.</source>
        <translation>颜色：每个图块最关注的区域。不透明度：关注的明确程度；九个区域各得 1/9 时透明，全部落在一个区域时不透明。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/attention_legend.cpp" line="89"/>
        <source>Share of each patch&apos;s attention that goes to %1, on a fixed scale: 0 none, 1 all; 1/9 would be no preference.</source>
        <translation>每个图块的注意力落在%1上的比例，采用固定刻度：0 表示没有，1 表示全部；1/9 表示没有偏好。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::AttentionRunner</name>
    <message>
        <location filename="../ui/jobs/attention_runner.cpp" line="39"/>
        <source>Cannot compute the FRGCA attention map</source>
        <translation>无法计算 FRGCA 注意力图</translation>
    </message>
    <message>
        <location filename="../ui/jobs/attention_runner.cpp" line="40"/>
        <source>This needs a checkpoint with landmark modules.</source>
        <translation>这需要带有关键点模块的检查点。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::BatchDialog</name>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="60"/>
        <source>Batch analysis</source>
        <translation>批量分析</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="63"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="67"/>
        <source>folder of images and videos</source>
        <translation>包含图像和视频的文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="70"/>
        <source>job folder for faces.csv, errors.csv, metadata.json</source>
        <translation>存放 faces.csv、errors.csv、metadata.json 的任务文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="71"/>
        <source>Include sub-folders</source>
        <translation>包含子文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="73"/>
        <source>e.g. *.mp4 *.jpg (empty: every image and video)</source>
        <translation>例如 *.mp4 *.jpg（留空：所有图像和视频）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="74"/>
        <source>Input folder</source>
        <translation>输入文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="74"/>
        <source>Folder to analyse</source>
        <translation>要分析的文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="75"/>
        <source>Job folder</source>
        <translation>任务文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="75"/>
        <source>Folder for the results</source>
        <translation>存放结果的文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="77"/>
        <source>Only files matching</source>
        <translation>仅匹配的文件</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="85"/>
        <source>Analysis</source>
        <translation>分析</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="88"/>
        <source>face-api tiny detector</source>
        <translation>face-api 微型检测器</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="89"/>
        <source>dlib HOG</source>
        <translation>dlib HOG</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="90"/>
        <source>MediaPipe BlazeFace (Face-LLaVA authors&apos; crops)</source>
        <translation>MediaPipe BlazeFace（Face-LLaVA 作者的裁剪方式）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="93"/>
        <source>face-api 68-point net</source>
        <translation>face-api 68 点网络</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="94"/>
        <source>dlib 68-point shape predictor</source>
        <translation>dlib 68 点形状预测器</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="102"/>
        <source>Video frames: analyse every Nth (1 = all)</source>
        <translation>视频帧：每 N 帧分析一帧（1 = 全部）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="105"/>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="106"/>
        <source>Video frames: about this many per second (overrides every Nth)</source>
        <translation>视频帧：每秒约分析这么多帧（优先于“每 N 帧”）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="109"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="112"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="113"/>
        <source>auto: photos one per core, then each video across the cores</source>
        <translation>自动：照片每个核心处理一张，然后每个视频分布到所有核心</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="114"/>
        <source>Detector</source>
        <translation>检测器</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="115"/>
        <source>Landmarks</source>
        <translation>关键点</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="116"/>
        <source>Minimum face score</source>
        <translation>最低人脸得分</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="117"/>
        <source>Every Nth frame</source>
        <translation>每 N 帧</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="118"/>
        <source>Frames per second</source>
        <translation>每秒帧数</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="119"/>
        <source>Faces per frame</source>
        <translation>每帧人脸数</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="120"/>
        <source>Files at once</source>
        <translation>同时处理的文件数</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="124"/>
        <source>Outputs</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="129"/>
        <source>0 (first frame is 0)</source>
        <translation>0（第一帧为 0）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="130"/>
        <source>1 (first frame is 1, as OpenFace counts)</source>
        <translation>1（第一帧为 1，与 OpenFace 的计数方式相同）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="136"/>
        <source>Save each face&apos;s aligned crop (crops/, as OpenFace&apos;s -simalign)</source>
        <translation>保存每张人脸的对齐裁剪图（crops/，同 OpenFace 的 -simalign）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="139"/>
        <source>Write each video with boxes, landmarks, ids and labels drawn in (overlay/)</source>
        <translation>写出绘有框、关键点、编号和标签的每个视频（overlay/）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="141"/>
        <source>Frame numbers</source>
        <translation>帧编号</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="142"/>
        <source>Expression names</source>
        <translation>表情名称</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="146"/>
        <source>Per-face outputs</source>
        <translation>每张人脸的输出</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="151"/>
        <source>Face-LLaVA questions per face</source>
        <translation>每张人脸的 Face-LLaVA 问题</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="168"/>
        <source>Start over (discard the results of an earlier run in the job folder)</source>
        <translation>重新开始（丢弃任务文件夹中先前运行的结果）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="174"/>
        <source>Choose a folder, then Start.</source>
        <translation>请选择文件夹，然后点击“开始”。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="180"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="182"/>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="385"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="183"/>
        <source>Stop now; Resume picks up after the files already finished</source>
        <translation>立即停止；“继续”会从已完成的文件之后接着处理</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="184"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="185"/>
        <source>Open CSV</source>
        <translation>打开 CSV</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="187"/>
        <source>Open job folder</source>
        <translation>打开任务文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="188"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="229"/>
        <source>no task</source>
        <translation>无任务</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="230"/>
        <source>This checkpoint was not trained for this task: its config.json (%1) lists %2.</source>
        <translation>此检查点未针对该任务训练：其 config.json（%1）列出的是 %2。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="234"/>
        <source>Each checked question is asked about every face (slow on CPU).</source>
        <translation>每个勾选的问题都会针对每张人脸提出（在 CPU 上较慢）。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="235"/>
        <source>Load a Face-LLaVA checkpoint (Settings) to ask these questions.</source>
        <translation>请加载 Face-LLaVA 检查点（设置）以提出这些问题。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="237"/>
        <source>Not asked: %1 (the checkpoint was not trained for them).</source>
        <translation>未询问：%1（该检查点未针对这些任务训练）。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="292"/>
        <source>Choose the folder to analyse and the job folder first.</source>
        <translation>请先选择要分析的文件夹和任务文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="313"/>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="316"/>
        <source>Loading the face models…</source>
        <translation>正在加载人脸模型…</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="327"/>
        <source>Pausing…</source>
        <translation>正在暂停…</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="336"/>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="367"/>
        <source>Cancelled. Finished files stay in the job folder; a later run resumes them.</source>
        <translation>已取消。已完成的文件保留在任务文件夹中；之后的运行会接着处理。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="342"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="347"/>
        <source>%1 / %2 files · %3 failed · %4 frames · elapsed %5 · ETA %6</source>
        <translation>%1 / %2 个文件 · %3 个失败 · %4 帧 · 已用 %5 · 预计剩余 %6</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="354"/>
        <source> · %1 resumed from an earlier run</source>
        <translation> · %1 个从先前运行继续</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="356"/>
        <source>
Now: %1</source>
        <translation>
当前：%1</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="365"/>
        <source>Paused: %1 files done. Resume continues with the rest.</source>
        <translation>已暂停：已完成 %1 个文件。“继续”将处理其余文件。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="372"/>
        <source>Done in %1: %2 files analysed, %3 resumed, %4 failed; %5 rows in faces.csv.</source>
        <translation>用时 %1 完成：已分析 %2 个文件，继续 %3 个，失败 %4 个；faces.csv 中共 %5 行。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/batch_dialog.cpp" line="385"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>facellava::ui::BatchJob</name>
    <message>
        <location filename="../ui/jobs/batch_job.cpp" line="83"/>
        <source>The batch job could not run</source>
        <translation>批量任务无法运行</translation>
    </message>
    <message>
        <location filename="../ui/jobs/batch_job.cpp" line="84"/>
        <source>Check the input and output folders and the options.</source>
        <translation>请检查输入和输出文件夹以及选项。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ChatDock</name>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="24"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="53"/>
        <source>Ask about the face… (Ctrl+Enter to send)</source>
        <translation>询问有关这张人脸的问题…（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="68"/>
        <location filename="../ui/docks/chat_dock.cpp" line="199"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="68"/>
        <location filename="../ui/docks/chat_dock.cpp" line="258"/>
        <source>Ask the question (Ctrl+Enter)</source>
        <translation>提出问题（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="69"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="69"/>
        <source>Stop the answer now</source>
        <translation>立即停止回答</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="70"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="70"/>
        <source>Answer the last question again</source>
        <translation>重新回答上一个问题</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="71"/>
        <source>Edit last</source>
        <translation>编辑上一条</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="71"/>
        <source>Edit the last question and ask it again</source>
        <translation>编辑上一个问题并重新提问</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="73"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="73"/>
        <source>Start a new conversation about the selected face</source>
        <translation>开始关于所选人脸的新对话</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="86"/>
        <source>Generation settings</source>
        <translation>生成设置</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="98"/>
        <source>0 = always the most likely word (deterministic)</source>
        <translation>0 = 总是选择最可能的词（确定性）</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="108"/>
        <source>Default: the checkpoint&apos;s vicuna-v1 system prompt</source>
        <translation>默认：检查点的 vicuna-v1 系统提示词</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="110"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="111"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="112"/>
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="113"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="150"/>
        <source>First token after %1 s</source>
        <translation>首个词元用时 %1 秒</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="158"/>
        <source>Waiting for the first token… %1 s (Stop cancels)</source>
        <translation>正在等待首个词元… %1 秒（“停止”可取消）</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="212"/>
        <source>Resend</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="218"/>
        <source>First token %1 ms (image %2 ms) · %3 tokens/s · stopped: %4</source>
        <translation>首个词元 %1 毫秒（图像 %2 毫秒）· %3 词元/秒 · 停止原因：%4</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="229"/>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="231"/>
        <source>No model loaded: choose a checkpoint in Settings.</source>
        <translation>未加载模型：请在设置中选择检查点。</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="236"/>
        <source>Demo model: a small model for trying the workbench; its answers are not Face-LLaVA&apos;s quality.</source>
        <translation>演示模型：用于试用工作台的小模型；其回答达不到 Face-LLaVA 的质量。</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="240"/>
        <source>Running on CPU: the first token may take a while.</source>
        <translation>正在 CPU 上运行：首个词元可能需要一些时间。</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="249"/>
        <source>Asking about face %1 (frame %2)</source>
        <translation>正在询问人脸 %1（帧 %2）</translation>
    </message>
    <message>
        <location filename="../ui/docks/chat_dock.cpp" line="252"/>
        <source>No face selected: open a photo or video with a face.</source>
        <translation>未选择人脸：请打开包含人脸的照片或视频。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ChatJob</name>
    <message>
        <location filename="../ui/jobs/chat_job.cpp" line="57"/>
        <source>The model could not answer</source>
        <translation>模型无法回答</translation>
    </message>
    <message>
        <location filename="../ui/jobs/chat_job.cpp" line="58"/>
        <source>Check the checkpoint in Settings; the log has details.</source>
        <translation>请在设置中检查检查点；日志中有详细信息。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ChatSession</name>
    <message>
        <location filename="../ui/models/chat_session.cpp" line="40"/>
        <source>The model is still loading.</source>
        <translation>模型仍在加载。</translation>
    </message>
    <message>
        <location filename="../ui/models/chat_session.cpp" line="42"/>
        <source>No model loaded: choose a checkpoint in Settings.</source>
        <translation>未加载模型：请在设置中选择检查点。</translation>
    </message>
    <message>
        <location filename="../ui/models/chat_session.cpp" line="44"/>
        <source>Wait for the answer, or press Stop.</source>
        <translation>请等待回答，或按“停止”。</translation>
    </message>
    <message>
        <location filename="../ui/models/chat_session.cpp" line="46"/>
        <source>Open a photo or video with a face first.</source>
        <translation>请先打开包含人脸的照片或视频。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ChatTranscript</name>
    <message>
        <location filename="../ui/widgets/chat_transcript.cpp" line="37"/>
        <source>&lt;p&gt;&lt;i&gt;Ask about the selected face: its expression, action units, age, or whether it looks manipulated.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;询问所选人脸：它的表情、动作单元、年龄，或者它是否看起来经过篡改。&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_transcript.cpp" line="51"/>
        <source>You · about face %1</source>
        <translation>你 · 关于人脸 %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_transcript.cpp" line="51"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_transcript.cpp" line="59"/>
        <source>waiting for the first token…</source>
        <translation>正在等待首个词元…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_transcript.cpp" line="59"/>
        <source>generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/chat_transcript.cpp" line="61"/>
        <source>first token %1 ms · %2 tokens/s · image %3 ms · %4 tokens · stopped: %5</source>
        <translation>首个词元 %1 毫秒 · %2 词元/秒 · 图像 %3 毫秒 · %4 个词元 · 停止原因：%5</translation>
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
        <translation>无法检查检查点文件夹</translation>
    </message>
    <message>
        <location filename="../ui/jobs/checkpoint_report_job.cpp" line="41"/>
        <source>Choose a checkpoint folder (config.json, tokenizer.model, weights).</source>
        <translation>请选择检查点文件夹（config.json、tokenizer.model、权重）。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::Commands</name>
    <message>
        <location filename="../ui/commands/move_landmark_command.cpp" line="22"/>
        <source>Move landmark %1 of face %2</source>
        <translation>移动人脸 %2 的关键点 %1</translation>
    </message>
</context>
<context>
    <name>facellava::ui::DatasetPreview</name>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="48"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="48"/>
        <source>Samples</source>
        <translation>样本</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="48"/>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="48"/>
        <source>Videos</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="48"/>
        <source>Landmarks</source>
        <translation>关键点</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="48"/>
        <source>Bad</source>
        <translation>有问题</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="57"/>
        <source>Media</source>
        <translation>媒体</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="57"/>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="57"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="57"/>
        <source>Problem</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="66"/>
        <source>Problems of the data (file #index: what) show here.</source>
        <translation>数据的问题（文件 #索引：内容）显示在这里。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="77"/>
        <source>The data could not be read: %1</source>
        <translation>无法读取数据：%1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="95"/>
        <source>Add FaceInstruct .json or .jsonl files to see their samples and counts.</source>
        <translation>添加 FaceInstruct .json 或 .jsonl 文件以查看其样本和数量。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="100"/>
        <source>Reading and checking the data…</source>
        <translation>正在读取并检查数据…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="117"/>
        <source>%1 usable of %2 samples in %3 file(s): %4 with images, %5 with videos, %6 text only.</source>
        <translation>%3 个文件中的 %2 个样本里有 %1 个可用：%4 个带图像，%5 个带视频，%6 个仅文本。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="126"/>
        <source>%1 missing media, %2 other problems (listed below; the trainer skips them or stops, as chosen).</source>
        <translation>缺少 %1 个媒体文件，另有 %2 个其他问题（列于下方；训练器会按所选方式跳过或停止）。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="147"/>
        <source>(text only)</source>
        <translation>（仅文本）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/dataset_preview.cpp" line="158"/>
        <source>… and %1 more</source>
        <translation>… 以及另外 %1 个</translation>
    </message>
</context>
<context>
    <name>facellava::ui::DatasetScanJob</name>
    <message>
        <location filename="../ui/jobs/dataset_scan_job.cpp" line="83"/>
        <source>The training data could not be read</source>
        <translation>无法读取训练数据</translation>
    </message>
    <message>
        <location filename="../ui/jobs/dataset_scan_job.cpp" line="84"/>
        <source>Check the data files in the Data tab; the trainer reads them the same way.</source>
        <translation>请检查“数据”选项卡中的数据文件；训练程序以相同方式读取它们。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ErrorReporter</name>
    <message>
        <location filename="../ui/dialogs/error_reporter.cpp" line="30"/>
        <source>an unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/error_reporter.cpp" line="57"/>
        <source>&lt;p&gt;File: &lt;code&gt;%1&lt;/code&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;文件：&lt;code&gt;%1&lt;/code&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/error_reporter.cpp" line="59"/>
        <source>&lt;p&gt;What to do: %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;处理方法：%1&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/error_reporter.cpp" line="60"/>
        <source>&lt;p&gt;The log (Help ▸ Open log) has more.&lt;/p&gt;</source>
        <translation>&lt;p&gt;日志（帮助 ▸ 打开日志）中有更多信息。&lt;/p&gt;</translation>
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
        <translation>face-api 的用词</translation>
    </message>
    <message>
        <location filename="../ui/widgets/expression_names_box.cpp" line="33"/>
        <source>py-feat&apos;s words</source>
        <translation>py-feat 的用词</translation>
    </message>
    <message>
        <location filename="../ui/widgets/expression_names_box.cpp" line="36"/>
        <source>RAF-DB&apos;s order</source>
        <translation>RAF-DB 的顺序</translation>
    </message>
    <message>
        <location filename="../ui/widgets/expression_names_box.cpp" line="39"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/expression_names_box.cpp" line="43"/>
        <source>Names and order of faces.csv&apos;s expression columns, and the words expression labels are shown in</source>
        <translation>faces.csv 中表情列的名称和顺序，以及显示表情标签所用的词</translation>
    </message>
</context>
<context>
    <name>facellava::ui::FaceOutputsPanel</name>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="29"/>
        <source>Identity</source>
        <translation>身份</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="30"/>
        <source>Faces whose identity embeddings are alike (cosine similarity ≥ 0.8 to the person&apos;s mean) share a name. The window names the people of the frame on screen; a batch names them across a whole video.</source>
        <translation>身份嵌入相近（与该人平均嵌入的余弦相似度 ≥ 0.8）的人脸使用同一名称。窗口只为当前显示的帧命名；批处理在整个视频中命名。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="33"/>
        <source>Gaze</source>
        <translation>视线</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="34"/>
        <source>OpenFace&apos;s gaze angles of the two eyes&apos; mean direction: 0°, 0° looks into the camera; horizontal &gt; 0 towards the image&apos;s right, vertical &gt; 0 down. Expect several degrees of error (docs/CSV.md).</source>
        <translation>按 OpenFace 约定，由双眼平均方向得到的视线角：0°、0° 表示看向镜头；水平 &gt; 0 朝图像右侧，垂直 &gt; 0 向下。误差可达数度（docs/CSV.md）。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="37"/>
        <source>Eye openness</source>
        <translation>睁眼程度</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="38"/>
        <source>Eye aspect ratio of the subject&apos;s own right and left eye: about 0.25–0.35 open, towards 0 closed.</source>
        <translation>被摄者自身右眼和左眼的眼部纵横比：约 0.25–0.35 为睁开，趋近 0 为闭合。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="40"/>
        <source>Presentation attack</source>
        <translation>呈现攻击</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="41"/>
        <source>Is this a live face in front of the camera, or a photo or screen held up? Higher: more like a live face. These nets do not detect deepfakes: ask Face-LLaVA&apos;s deepfake task for that.</source>
        <translation>镜头前是真人的脸，还是举起的照片或屏幕？数值越高越像真人。这些网络不检测深度伪造：请使用 Face-LLaVA 的深度伪造任务。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="60"/>
        <source>%1 (similarity %2)</source>
        <translation>%1（相似度 %2）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="62"/>
        <source>horizontal %1°, vertical %2°</source>
        <translation>水平 %1°，垂直 %2°</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="66"/>
        <source>right %1 · left %2</source>
        <translation>右 %1 · 左 %2</translation>
    </message>
    <message>
        <location filename="../ui/widgets/face_outputs_panel.cpp" line="70"/>
        <source>antispoof %1 · liveness %2&lt;br&gt;&lt;small&gt;presentation-attack scores (not deepfake detection)&lt;/small&gt;</source>
        <translation>防伪 %1 · 活体 %2&lt;br&gt;&lt;small&gt;呈现攻击分数（不是深度伪造检测）&lt;/small&gt;</translation>
    </message>
</context>
<context>
    <name>facellava::ui::FacesModel</name>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="87"/>
        <source>%1 · face %2</source>
        <translation>%1 · 人脸 %2</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="90"/>
        <location filename="../ui/models/faces_model.cpp" line="97"/>
        <source>%1 (%2%)</source>
        <translation>%1（%2%）</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="116"/>
        <source>Face</source>
        <translation>人脸</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="118"/>
        <source>Expression</source>
        <translation>表情</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="120"/>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="122"/>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="124"/>
        <source>Yaw°</source>
        <translation>偏航°</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="126"/>
        <source>Pitch°</source>
        <translation>俯仰°</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="128"/>
        <source>Roll°</source>
        <translation>翻滚°</translation>
    </message>
    <message>
        <location filename="../ui/models/faces_model.cpp" line="130"/>
        <source>Detector score</source>
        <translation>检测器得分</translation>
    </message>
</context>
<context>
    <name>facellava::ui::MainWindow</name>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="82"/>
        <source>CSV, one row per annotation (*.csv)</source>
        <translation>CSV，每条标注一行 (*.csv)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="85"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="87"/>
        <source>ELAN tab-separated text (*.txt)</source>
        <translation>ELAN 制表符分隔文本 (*.txt)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="90"/>
        <source>ELAN annotation file (*.eaf)</source>
        <translation>ELAN 标注文件 (*.eaf)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="92"/>
        <source>COCO keypoints with face labels (*.json)</source>
        <translation>带人脸标签的 COCO 关键点 (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="105"/>
        <source>Face-LLaVA Workbench</source>
        <translation>Face-LLaVA Workbench</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="178"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="181"/>
        <source>&lt;opened&gt;</source>
        <translation>&lt;已打开&gt;</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="195"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="196"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="197"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="199"/>
        <source>&amp;Batch Analysis…</source>
        <translation>批量分析(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="201"/>
        <source>&amp;Fine-tune the Model…</source>
        <translation>微调模型(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="203"/>
        <source>&amp;Export Annotations</source>
        <translation>导出标注(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="205"/>
        <source>Of This &amp;File…</source>
        <translation>当前文件(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="208"/>
        <source>Of the Whole &amp;Session…</source>
        <translation>整个会话(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="211"/>
        <source>Open &amp;Session File…</source>
        <translation>打开会话文件(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="212"/>
        <source>Open Recent Session &amp;File</source>
        <translation>最近的会话文件(&amp;I)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="214"/>
        <source>&amp;New Session File…</source>
        <translation>新建会话文件(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="216"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="218"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="219"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="221"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="226"/>
        <source>&amp;Label Shortcuts…</source>
        <translation>标签快捷键(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="227"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="229"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="230"/>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="231"/>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="232"/>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="234"/>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="236"/>
        <source>Analyse This &amp;Frame Again</source>
        <translation>重新分析此帧(&amp;N)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="242"/>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="244"/>
        <source>&amp;Playback</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="251"/>
        <source>&amp;Play / Pause</source>
        <translation>播放/暂停(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="252"/>
        <source>&amp;Next Frame</source>
        <translation>下一帧(&amp;N)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="253"/>
        <source>&amp;Previous Frame</source>
        <translation>上一帧(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="254"/>
        <source>Forward 1 &amp;Second</source>
        <translation>前进 1 秒(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="256"/>
        <source>&amp;Back 1 Second</source>
        <translation>后退 1 秒(&amp;B)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="258"/>
        <source>&amp;Jump to Timecode…</source>
        <translation>跳转到时间码(&amp;J)…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="260"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="261"/>
        <source>Open &amp;Log</source>
        <translation>打开日志(&amp;L)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="264"/>
        <source>There is no log file yet</source>
        <translation>还没有日志文件</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="266"/>
        <source>It is created when the workbench starts.</source>
        <translation>它会在工作台启动时创建。</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="271"/>
        <source>No program opens the log file</source>
        <translation>没有程序可以打开日志文件</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="273"/>
        <source>Open the file in a text editor.</source>
        <translation>请在文本编辑器中打开该文件。</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="276"/>
        <source>&amp;About Face-LLaVA Workbench</source>
        <translation>关于 Face-LLaVA Workbench(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="277"/>
        <source>About Face-LLaVA Workbench</source>
        <translation>关于 Face-LLaVA Workbench</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="375"/>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="441"/>
        <source>This checkpoint has no landmark modules, so no FRGCA attention.</source>
        <translation>此检查点没有关键点模块，因此没有 FRGCA 注意力。</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="442"/>
        <source>No Face-LLaVA checkpoint loaded: choose one in Settings to see its attention.</source>
        <translation>未加载 Face-LLaVA 检查点：请在设置中选择一个以查看其注意力。</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="450"/>
        <location filename="../ui/windows/main_window.cpp" line="454"/>
        <source>Device: CPU (threads: %1)</source>
        <translation>设备：CPU（线程：%1）</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="451"/>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="455"/>
        <source>Device: CUDA %1</source>
        <translation>设备：CUDA %1</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="468"/>
        <source>Cannot open the session file</source>
        <translation>无法打开会话文件</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="469"/>
        <source>Choose another session file (File ▸ Open Session File…).</source>
        <translation>请选择另一个会话文件（文件 ▸ 打开会话文件…）。</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="474"/>
        <source>New session file</source>
        <translation>新建会话文件</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="474"/>
        <source>Open session file</source>
        <translation>打开会话文件</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="476"/>
        <source>Sessions (*.facellava *.sqlite *.db)</source>
        <translation>会话 (*.facellava *.sqlite *.db)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="487"/>
        <source>Open image or video</source>
        <translation>打开图像或视频</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="488"/>
        <source>Images and videos (*.%1);;All files (*)</source>
        <translation>图像和视频 (*.%1);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="497"/>
        <source>Cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="499"/>
        <source>Check that it exists; it may have been moved.</source>
        <translation>请检查它是否存在；它可能已被移动。</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="503"/>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="556"/>
        <source>%1 — Face-LLaVA Workbench</source>
        <translation>%1 — Face-LLaVA Workbench</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="558"/>
        <source>%1 × %2 px · %3 fps · %4 frames · %5</source>
        <translation>%1 × %2 像素 · %3 fps · %4 帧 · %5</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="564"/>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 像素</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="586"/>
        <source>Export annotations</source>
        <translation>导出标注</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="587"/>
        <source>-annotations</source>
        <translation>-标注</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="605"/>
        <source>Cannot export annotations: no session file is open</source>
        <translation>无法导出标注：没有打开会话文件</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="607"/>
        <source>Open a session file (File ▸ Open Session File…), then export.</source>
        <translation>请打开会话文件（文件 ▸ 打开会话文件…），然后再导出。</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="613"/>
        <source>Cannot export the annotations of this file: no file is open</source>
        <translation>无法导出此文件的标注：没有打开文件</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="615"/>
        <source>Open the photo or video first, or export the whole session.</source>
        <translation>请先打开照片或视频，或者导出整个会话。</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="620"/>
        <source>Exporting annotations to %1…</source>
        <translation>正在将标注导出到 %1…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="639"/>
        <source>Exporting the annotations failed</source>
        <translation>导出标注失败</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="640"/>
        <source>Choose a folder you can write to, and export again.</source>
        <translation>请选择一个可写入的文件夹，然后重新导出。</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="652"/>
        <source>Annotations exported to %1</source>
        <translation>标注已导出到 %1</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="683"/>
        <source>Looking for frame %1 in the session…</source>
        <translation>正在会话中查找帧 %1…</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="694"/>
        <source>Cannot read the saved analysis of this frame</source>
        <translation>无法读取此帧已保存的分析</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="695"/>
        <source>The frame is analysed again. Check the session file with `facellava session check`.</source>
        <translation>将重新分析此帧。请用 `facellava session check` 检查会话文件。</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/windows/main_window.cpp" line="717"/>
        <source>%n face(s) · %1 · saved in the session</source>
        <translation>
            <numerusform>%n 张人脸 · %1 · 已保存在会话中</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="728"/>
        <source>Analysing frame %1…</source>
        <translation>正在分析帧 %1…</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/windows/main_window.cpp" line="738"/>
        <source>%n face(s) · %1 · %2 ms</source>
        <translation>
            <numerusform>%n 张人脸 · %1 · %2 毫秒</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="797"/>
        <source>Jump to timecode</source>
        <translation>跳转到时间码</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="798"/>
        <source>Time (1:23.5 or 83.5) or frame (#120):</source>
        <translation>时间（1:23.5 或 83.5）或帧（#120）：</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="803"/>
        <source>“%1” is not a timecode</source>
        <translation>“%1”不是时间码</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="819"/>
        <location filename="../ui/windows/main_window.cpp" line="837"/>
        <source>Clear List</source>
        <translation>清除列表</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="846"/>
        <source>The session file is no longer there</source>
        <translation>会话文件已不存在</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="848"/>
        <source>It may have been moved or deleted: open it where it is now (File ▸ Open Session File…).</source>
        <translation>它可能已被移动或删除：请在其当前位置打开它（文件 ▸ 打开会话文件…）。</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="873"/>
        <source>Label “%1”</source>
        <translation>标签“%1”</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="901"/>
        <source>Training is running</source>
        <translation>训练正在进行</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="902"/>
        <source>A fine-tuning run is still going. Quit anyway? The run is stopped after its current step and its checkpoint is kept, so it can be resumed.</source>
        <translation>微调仍在进行。仍要退出吗？运行会在当前步骤之后停止，其检查点会被保留，以便之后继续。</translation>
    </message>
    <message>
        <location filename="../ui/windows/main_window.cpp" line="934"/>
        <source>&lt;h3&gt;Face-LLaVA Workbench %1&lt;/h3&gt;&lt;p&gt;Study faces with a multimodal LLM (Face-LLaVA, arXiv 2504.07198).&lt;/p&gt;&lt;p&gt;LibTorch %2 · Qt %3 · SQLite %4 · SentencePiece %5&lt;/p&gt;&lt;p&gt;&lt;b&gt;Models and their licences&lt;/b&gt;&lt;ul&gt;&lt;li&gt;face-api nets (tiny face detector, 68 landmarks, expression, age/gender) from @vladmandic/face-api 1.7.15 — MIT; trained on research datasets.&lt;/li&gt;&lt;li&gt;dlib HOG face detector — Boost licence; dlib 68-point shape predictor (libdlib-data) — trained on iBUG 300-W, whose terms restrict commercial use.&lt;/li&gt;&lt;li&gt;Face-LLaVA checkpoints — see their model cards; loaded from disk when you have them.&lt;/li&gt;&lt;/ul&gt;&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Face-LLaVA Workbench %1&lt;/h3&gt;&lt;p&gt;用多模态大语言模型研究人脸（Face-LLaVA，arXiv 2504.07198）。&lt;/p&gt;&lt;p&gt;LibTorch %2 · Qt %3 · SQLite %4 · SentencePiece %5&lt;/p&gt;&lt;p&gt;&lt;b&gt;模型及其许可证&lt;/b&gt;&lt;ul&gt;&lt;li&gt;face-api 网络（微型人脸检测器、68 个关键点、表情、年龄/性别），来自 @vladmandic/face-api 1.7.15 — MIT；在研究数据集上训练。&lt;/li&gt;&lt;li&gt;dlib HOG 人脸检测器 — Boost 许可证；dlib 68 点形状预测器（libdlib-data）— 在 iBUG 300-W 上训练，其条款限制商业使用。&lt;/li&gt;&lt;li&gt;Face-LLaVA 检查点 — 请参阅其模型卡；如果你有这些文件，会从磁盘加载。&lt;/li&gt;&lt;/ul&gt;&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>facellava::ui::MediaDecoder</name>
    <message>
        <location filename="../ui/media/media_decoder.cpp" line="23"/>
        <source>This file is neither an image nor a video</source>
        <translation>此文件既不是图像也不是视频</translation>
    </message>
    <message>
        <location filename="../ui/media/media_decoder.cpp" line="25"/>
        <source>Open a JPEG, PNG, BMP, WebP or TIFF image, or a video FFmpeg can read.</source>
        <translation>请打开 JPEG、PNG、BMP、WebP 或 TIFF 图像，或 FFmpeg 能读取的视频。</translation>
    </message>
    <message>
        <location filename="../ui/media/media_decoder.cpp" line="53"/>
        <source>Cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <location filename="../ui/media/media_decoder.cpp" line="54"/>
        <source>Check that the file exists, is readable and is not damaged.</source>
        <translation>请检查文件是否存在、可读且未损坏。</translation>
    </message>
    <message>
        <location filename="../ui/media/media_decoder.cpp" line="71"/>
        <source>Cannot decode frame %1</source>
        <translation>无法解码帧 %1</translation>
    </message>
    <message>
        <location filename="../ui/media/media_decoder.cpp" line="72"/>
        <source>The video may be truncated or damaged; try another frame.</source>
        <translation>视频可能被截断或已损坏；请尝试其他帧。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ModelService</name>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="77"/>
        <source>Cannot load the Face-LLaVA checkpoint</source>
        <translation>无法加载 Face-LLaVA 检查点</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="78"/>
        <source>Choose a checkpoint folder (config.json, tokenizer.model, weights) in Settings.</source>
        <translation>请在设置中选择检查点文件夹（config.json、tokenizer.model、权重）。</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="95"/>
        <source>Model: loading…</source>
        <translation>模型：正在加载…</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="97"/>
        <source>Model: none</source>
        <translation>模型：无</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="104"/>
        <source>Model: %1 · %2 · %3 %4 · LLM %5, %6%7</source>
        <translation>模型：%1 · %2 · %3 %4 · LLM %5，%6%7</translation>
    </message>
    <message>
        <location filename="../ui/jobs/model_service.cpp" line="107"/>
        <source> · demo</source>
        <translation> · 演示</translation>
    </message>
</context>
<context>
    <name>facellava::ui::OptionalOutputsBox</name>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="18"/>
        <source>Face mesh</source>
        <translation>人脸网格</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="19"/>
        <source>MediaPipe&apos;s 478-point face mesh with the irises (slower: one more net per face)</source>
        <translation>MediaPipe 的 478 点人脸网格（含虹膜；较慢：每张人脸多一个网络）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="21"/>
        <source>Gaze</source>
        <translation>视线</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="22"/>
        <source>Each eye&apos;s gaze direction and openness, OpenFace&apos;s convention (needs the face mesh&apos;s irises, measured even when the mesh itself is not kept)</source>
        <translation>每只眼睛的视线方向和睁眼程度，OpenFace 约定（需要人脸网格的虹膜；即使不保留网格本身也会测量）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="24"/>
        <source>Identity</source>
        <translation>身份</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="25"/>
        <source>Who is who: faces with similar identity embeddings get the same name, person_1, person_2, … within one photo or video</source>
        <translation>谁是谁：身份嵌入相近的人脸在同一张照片或同一段视频中获得相同名称 person_1、person_2……</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="27"/>
        <source>Presentation attack</source>
        <translation>呈现攻击</translation>
    </message>
    <message>
        <location filename="../ui/widgets/optional_outputs_box.cpp" line="28"/>
        <source>Presentation-attack scores (antispoof, liveness): a live face, or a photo or screen held up? Not deepfake detection.</source>
        <translation>呈现攻击分数（防伪、活体）：是真人的脸，还是举起的照片或屏幕？不是深度伪造检测。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::OverlayControls</name>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="34"/>
        <source>Opacity of %1</source>
        <translation>%1 的不透明度</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="53"/>
        <source>Region attended most</source>
        <translation>最受关注的区域</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="57"/>
        <source>Region attended most: each patch in the colour of the region it attends to most. A region: how much of each patch&apos;s attention goes to that region&apos;s landmark token, on a fixed 0–1 scale.</source>
        <translation>最受关注的区域：每个图块显示为它最关注的区域的颜色。单个区域：每个图块的注意力有多少落在该区域的关键点词元上，采用固定的 0–1 刻度。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="67"/>
        <source>FRGCA attends with several heads: show their mean or one head</source>
        <translation>FRGCA 使用多个注意力头：显示它们的平均值或单个注意力头</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="80"/>
        <source>Drag landmarks to correct them</source>
        <translation>拖动关键点以修正它们</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="84"/>
        <source>Load a Face-LLaVA checkpoint (Settings) to see its attention.</source>
        <translation>请加载 Face-LLaVA 检查点（设置）以查看其注意力。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="123"/>
        <source>Mean of heads</source>
        <translation>各注意力头的平均</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="125"/>
        <source>Head %1</source>
        <translation>注意力头 %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_controls.cpp" line="142"/>
        <source>FRGCA attention of the selected face over its crop</source>
        <translation>所选人脸在其裁剪图上的 FRGCA 注意力</translation>
    </message>
</context>
<context>
    <name>facellava::ui::OverlayItem</name>
    <message>
        <location filename="../ui/widgets/overlay_item.cpp" line="168"/>
        <source>Face %1</source>
        <translation>人脸 %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_item.cpp" line="269"/>
        <source>%1 %2%</source>
        <translation>%1 %2%</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_item.cpp" line="272"/>
        <source>%1 y · %2</source>
        <translation>%1 岁 · %2</translation>
    </message>
    <message>
        <location filename="../ui/widgets/overlay_item.cpp" line="276"/>
        <source>yaw %1° pitch %2° roll %3°</source>
        <translation>偏航 %1° 俯仰 %2° 翻滚 %3°</translation>
    </message>
</context>
<context>
    <name>facellava::ui::Regions</name>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="33"/>
        <source>Jaw line</source>
        <translation>下颌线</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="34"/>
        <source>Right eyebrow</source>
        <translation>右眉</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="35"/>
        <source>Left eyebrow</source>
        <translation>左眉</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="36"/>
        <source>Nose bridge</source>
        <translation>鼻梁</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="37"/>
        <source>Nostrils</source>
        <translation>鼻孔</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="38"/>
        <source>Right eye</source>
        <translation>右眼</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="39"/>
        <source>Left eye</source>
        <translation>左眼</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="40"/>
        <source>Outer lips</source>
        <translation>外唇</translation>
    </message>
    <message>
        <location filename="../ui/widgets/region_colors.cpp" line="41"/>
        <source>Inner lips (teeth)</source>
        <translation>内唇（牙齿）</translation>
    </message>
</context>
<context>
    <name>facellava::ui::SeriesChart</name>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="24"/>
        <source>Expression probabilities</source>
        <translation>表情概率</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="25"/>
        <source>Age (years)</source>
        <translation>年龄（岁）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="26"/>
        <source>Head pose (degrees)</source>
        <translation>头部姿态（度）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="29"/>
        <source>Faces are tracked across the sampled frames</source>
        <translation>人脸在采样帧之间被跟踪</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="39"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="51"/>
        <location filename="../ui/widgets/series_chart.cpp" line="79"/>
        <source>Analyse the video to plot values over time</source>
        <translation>分析视频以绘制数值随时间的变化</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="59"/>
        <source>Face %1</source>
        <translation>人脸 %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="97"/>
        <source>age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="101"/>
        <source>yaw</source>
        <translation>偏航</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="102"/>
        <source>pitch</source>
        <translation>俯仰</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="103"/>
        <source>roll</source>
        <translation>翻滚</translation>
    </message>
    <message>
        <location filename="../ui/widgets/series_chart.cpp" line="136"/>
        <source>playhead</source>
        <translation>播放头</translation>
    </message>
</context>
<context>
    <name>facellava::ui::SeriesJob</name>
    <message>
        <location filename="../ui/jobs/series_job.cpp" line="67"/>
        <source>Frame %1 of %2</source>
        <translation>第 %1 帧，共 %2 帧</translation>
    </message>
    <message>
        <location filename="../ui/jobs/series_job.cpp" line="77"/>
        <source>Analysing the video failed</source>
        <translation>分析视频失败</translation>
    </message>
    <message>
        <location filename="../ui/jobs/series_job.cpp" line="78"/>
        <source>Try fewer samples, or check the video plays.</source>
        <translation>请尝试减少采样数，或检查视频能否播放。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::SessionContext</name>
    <message>
        <location filename="../ui/models/session_context.cpp" line="32"/>
        <source>Saving to the session file failed</source>
        <translation>保存到会话文件失败</translation>
    </message>
    <message>
        <location filename="../ui/models/session_context.cpp" line="33"/>
        <source>Check free disk space and that the session file is writable; your last edit may not be saved.</source>
        <translation>请检查可用磁盘空间以及会话文件是否可写；你最近的修改可能没有保存。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::SessionDock</name>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="30"/>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="40"/>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="41"/>
        <source>New file…</source>
        <translation>新建文件…</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="46"/>
        <source>Sessions (double-click to rename)</source>
        <translation>会话（双击重命名）</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="53"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="55"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="57"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="64"/>
        <source>Conversations</source>
        <translation>对话记录</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="71"/>
        <source>Search chats…</source>
        <translation>搜索对话…</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="86"/>
        <source>Session %1</source>
        <translation>会话 %1</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="106"/>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="128"/>
        <source>Created %1</source>
        <translation>创建于 %1</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="140"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="162"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="162"/>
        <source>Face-LLaVA</source>
        <translation>Face-LLaVA</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="164"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="169"/>
        <source>No message contains that text.</source>
        <translation>没有消息包含该文本。</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="208"/>
        <location filename="../ui/docks/session_dock.cpp" line="220"/>
        <source>Delete session</source>
        <translation>删除会话</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="209"/>
        <source>This session is open. Open another session first, then delete this one.</source>
        <translation>此会话已打开。请先打开另一个会话，再删除这个会话。</translation>
    </message>
    <message>
        <location filename="../ui/docks/session_dock.cpp" line="221"/>
        <source>Delete the session “%1” with all its media records, faces, annotations and chats? This cannot be undone.</source>
        <translation>删除会话“%1”及其所有媒体记录、人脸、标注和对话？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::SettingsDialog</name>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="36"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="39"/>
        <source>Face-LLaVA model</source>
        <translation>Face-LLaVA 模型</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="45"/>
        <source>a folder with config.json, tokenizer.model and weights</source>
        <translation>包含 config.json、tokenizer.model 和权重的文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="111"/>
        <source>dlib HOG + 68-point shape predictor</source>
        <translation>dlib HOG + 68 点形状预测器</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="173"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="47"/>
        <source>Checkpoint folder</source>
        <translation>检查点文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="53"/>
        <source>searched for (embedded, beside it, Hugging Face cache)</source>
        <translation>自动查找（内嵌、检查点旁、Hugging Face 缓存）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="54"/>
        <source>Image tower folder</source>
        <translation>图像塔文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="55"/>
        <source>Choose the image tower folder</source>
        <translation>选择图像塔文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="59"/>
        <source>Video tower folder</source>
        <translation>视频塔文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="60"/>
        <source>Choose the video tower folder</source>
        <translation>选择视频塔文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="75"/>
        <source>Automatic (CUDA when available)</source>
        <translation>自动（可用时使用 CUDA）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="76"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="78"/>
        <source>CUDA %1: %2</source>
        <translation>CUDA %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="81"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="84"/>
        <source>Automatic (as stored: float32 on the CPU, bfloat16 on a GPU)</source>
        <translation>自动（按存储格式：CPU 上为 float32，GPU 上为 bfloat16）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="89"/>
        <source>int8 (about half of bfloat16&apos;s memory)</source>
        <translation>int8（约为 bfloat16 内存的一半）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="90"/>
        <source>int4, groups of 128 (about a quarter)</source>
        <translation>int4，每组 128（约四分之一）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="91"/>
        <source>int4, groups of 64</source>
        <translation>int4，每组 64</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="92"/>
        <source>int4, groups of 32</source>
        <translation>int4，每组 32</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="95"/>
        <source>int8 and int4 quantize the LLM&apos;s weights as the model loads: a slower load, less memory; answers may differ slightly from 16/32-bit weights (docs/MODELS.md, “Quantized weights”). Automatic loads a quantized checkpoint as it is stored.</source>
        <translation>int8 和 int4 在加载模型时量化 LLM 的权重：加载更慢，占用内存更少；回答可能与 16/32 位权重略有不同（docs/MODELS.md，“Quantized weights”）。选择“自动”时，量化检查点按其存储格式加载。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="99"/>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="106"/>
        <source>Face detection</source>
        <translation>人脸检测</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="110"/>
        <source>face-api tiny detector + landmark net (fast)</source>
        <translation>face-api 微型检测器 + 关键点网络（快速）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="129"/>
        <source>Expression names</source>
        <translation>表情名称</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="135"/>
        <source>Per-face outputs</source>
        <translation>每张人脸的输出</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="205"/>
        <source>Checking the checkpoint folder…</source>
        <translation>正在检查检查点文件夹…</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="224"/>
        <source>OK: this checkpoint can load.</source>
        <translation>正常：此检查点可以加载。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="225"/>
        <source>Cannot load: %1</source>
        <translation>无法加载：%1</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="225"/>
        <source>see the report below.</source>
        <translation>请参阅下方的报告。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="117"/>
        <source>face-api detector: faces scoring below this are ignored</source>
        <translation>face-api 检测器：得分低于此值的人脸将被忽略</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="122"/>
        <source>dlib detector: below 0 finds more (and more false) faces</source>
        <translation>dlib 检测器：低于 0 会找到更多（也更多误检的）人脸</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="123"/>
        <source>Detector</source>
        <translation>检测器</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="124"/>
        <source>Minimum face score</source>
        <translation>最低人脸得分</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="125"/>
        <source>dlib threshold adjustment</source>
        <translation>dlib 阈值调整</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="138"/>
        <source>Interface</source>
        <translation>界面</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="142"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="146"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="148"/>
        <source>A new language shows after the workbench restarts.</source>
        <translation>新语言将在工作台重启后生效。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="48"/>
        <source>Choose a Face-LLaVA checkpoint folder</source>
        <translation>选择 Face-LLaVA 检查点文件夹</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="199"/>
        <source>No checkpoint: the chat stays off until you choose one.</source>
        <translation>没有检查点：在你选择之前，对话功能保持关闭。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/settings_dialog.cpp" line="200"/>
        <source>Using the bundled model.</source>
        <translation>正在使用内置模型。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::Shortcuts</name>
    <message>
        <location filename="../ui/models/shortcut_conflicts.cpp" line="24"/>
        <source>“%1” and “%2” both use %3</source>
        <translation>“%1”和“%2”都使用 %3</translation>
    </message>
</context>
<context>
    <name>facellava::ui::ShortcutsDialog</name>
    <message>
        <location filename="../ui/dialogs/shortcuts_dialog.cpp" line="21"/>
        <source>Label shortcuts</source>
        <translation>标签快捷键</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/shortcuts_dialog.cpp" line="24"/>
        <source>Press a key in a row to bind it to that label. A single key labels the selected face (or the frame, or ends a started range).</source>
        <translation>在某一行中按下一个键，即可将其绑定到该标签。单个按键会标注所选人脸（或帧，或结束已开始的区间）。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/shortcuts_dialog.cpp" line="28"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/shortcuts_dialog.cpp" line="28"/>
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/shortcuts_dialog.cpp" line="35"/>
        <source>New label</source>
        <translation>新标签</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/shortcuts_dialog.cpp" line="36"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/shortcuts_dialog.cpp" line="37"/>
        <source>Remove selected</source>
        <translation>移除所选项</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TaskAnswersJob</name>
    <message>
        <location filename="../ui/jobs/task_answers_job.cpp" line="33"/>
        <source>Asking Face-LLaVA</source>
        <translation>正在询问 Face-LLaVA</translation>
    </message>
    <message>
        <location filename="../ui/jobs/task_answers_job.cpp" line="49"/>
        <source>Face-LLaVA could not answer the task questions</source>
        <translation>Face-LLaVA 无法回答任务问题</translation>
    </message>
    <message>
        <location filename="../ui/jobs/task_answers_job.cpp" line="50"/>
        <source>Check the checkpoint in Settings.</source>
        <translation>请在设置中检查检查点。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TaskAnswersPanel</name>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="25"/>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="147"/>
        <source>Ask Face-LLaVA</source>
        <translation>询问 Face-LLaVA</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="44"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="44"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="44"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="95"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="133"/>
        <source>no task</source>
        <translation>无任务</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="134"/>
        <source>%1 was not trained for this task: its config.json lists %2. Asked anyway, it would answer with one of those.</source>
        <translation>%1 未针对该任务训练：其 config.json 列出的是 %2。若仍然提问，它会按其中一项作答。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="147"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="151"/>
        <source>Load a Face-LLaVA checkpoint (Settings) to ask the standard questions.</source>
        <translation>请加载 Face-LLaVA 检查点（设置）以提出标准问题。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="153"/>
        <source>Select a face to ask about.</source>
        <translation>请选择要询问的人脸。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="155"/>
        <source>Check the tasks to ask about face %1.</source>
        <translation>勾选要询问人脸 %1 的任务。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/task_answers_panel.cpp" line="157"/>
        <source>The checked tasks of face %1, with the labels parsed from each answer.</source>
        <translation>人脸 %1 的所勾选任务，以及从每个回答中解析出的标签。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::Timecode</name>
    <message>
        <location filename="../ui/support/timecode.cpp" line="23"/>
        <source>%1 · frame %2</source>
        <translation>%1 · 帧 %2</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainCommandBox</name>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="17"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="25"/>
        <source>What Start runs; paste it into a terminal to train without the workbench</source>
        <translation>“开始”所运行的命令；粘贴到终端即可不通过工作台进行训练</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="28"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="29"/>
        <source>Save config…</source>
        <translation>保存配置…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="30"/>
        <source>Load config…</source>
        <translation>加载配置…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="31"/>
        <source>Write the settings as a JSON file `facellava train --config` reads</source>
        <translation>将设置写为 `facellava train --config` 可读取的 JSON 文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="81"/>
        <source># Some values cannot be written as flags: Start writes them to %1 first.</source>
        <translation># 有些值无法写成命令行选项：“开始”会先把它们写入 %1。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="90"/>
        <source>Save training config</source>
        <translation>保存训练配置</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="91"/>
        <source>Training config (*.json)</source>
        <translation>训练配置 (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="92"/>
        <source>Load training config</source>
        <translation>加载训练配置</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_command_box.cpp" line="93"/>
        <source>Training config (*.json);;All files (*)</source>
        <translation>训练配置 (*.json);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainConfigFiles</name>
    <message>
        <location filename="../ui/models/train_config_files.cpp" line="48"/>
        <source>The training config could not be saved</source>
        <translation>无法保存训练配置</translation>
    </message>
    <message>
        <location filename="../ui/models/train_config_files.cpp" line="49"/>
        <source>Choose a folder you can write to.</source>
        <translation>请选择一个可写入的文件夹。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainConfigForm</name>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="82"/>
        <source>Base checkpoint</source>
        <translation>基础检查点</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="84"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="87"/>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="89"/>
        <source>auto (bf16 on CUDA, fp32 on CPU)</source>
        <translation>自动（CUDA 上用 bf16，CPU 上用 fp32）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="91"/>
        <source>bf16 (CUDA)</source>
        <translation>bf16（CUDA）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="93"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="95"/>
        <source>Stage 1: landmark projectors + FRGCA</source>
        <translation>阶段 1：关键点投影器 + FRGCA</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="97"/>
        <source>Stage 2: language model + projectors</source>
        <translation>阶段 2：语言模型 + 投影器</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="99"/>
        <source>Stage 2 with LoRA on the language model (instead of all its weights)</source>
        <translation>阶段 2，在语言模型上使用 LoRA（而非其全部权重）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="103"/>
        <source>Training files</source>
        <translation>训练文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="105"/>
        <source>Held-out files</source>
        <translation>留出文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="107"/>
        <source>Held-out share</source>
        <translation>留出比例</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="109"/>
        <source>Image folder</source>
        <translation>图像文件夹</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="111"/>
        <source>Video folder</source>
        <translation>视频文件夹</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="113"/>
        <source>Bad samples</source>
        <translation>有问题的样本</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="114"/>
        <source>skip them (reported)</source>
        <translation>跳过（会报告）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="115"/>
        <source>stop the run</source>
        <translation>停止运行</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="116"/>
        <source>Check that every media and landmark file exists</source>
        <translation>检查每个媒体文件和关键点文件是否存在</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="118"/>
        <source>Rank</source>
        <translation>秩</translation>
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
        <translation>层</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="125"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="127"/>
        <source>Schedule</source>
        <translation>调度</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="130"/>
        <source>Warmup share</source>
        <translation>预热比例</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="132"/>
        <source>Warmup steps</source>
        <translation>预热步数</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="134"/>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="136"/>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="137"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="139"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="141"/>
        <source>Gradient accumulation</source>
        <translation>梯度累积</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="143"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="145"/>
        <source>Checkpoint every N steps</source>
        <translation>每 N 步保存检查点</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="147"/>
        <source>Checkpoints kept</source>
        <translation>保留的检查点数</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="149"/>
        <source>Write a model the chat can load (final/, LoRA merged)</source>
        <translation>写出对话可加载的模型（final/，已合并 LoRA）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="152"/>
        <source>Evaluate every N steps</source>
        <translation>每 N 步评估一次</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="154"/>
        <source>Held-out samples per evaluation</source>
        <translation>每次评估的留出样本数</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="155"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="159"/>
        <source>Processes / GPUs</source>
        <translation>进程数 / GPU 数</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="190"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="192"/>
        <source>LoRA on the language model (stage lora)</source>
        <translation>在语言模型上使用 LoRA（lora 阶段）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="194"/>
        <source>Optimisation</source>
        <translation>优化</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="196"/>
        <source>Checkpoints</source>
        <translation>检查点</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="198"/>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="200"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="201"/>
        <source>Run and processes</source>
        <translation>运行与进程</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="325"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="326"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="336"/>
        <source>FaceInstruct files</source>
        <translation>FaceInstruct 文件</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="337"/>
        <source>FaceInstruct data (*.json *.jsonl);;All files (*)</source>
        <translation>FaceInstruct 数据 (*.json *.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="409"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="613"/>
        <source>%1: &apos;%2&apos; is not a number</source>
        <translation>%1：“%2”不是数字</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="619"/>
        <source>%1: &apos;%2&apos; is not a whole number ≥ 0</source>
        <translation>%1：“%2”不是 ≥ 0 的整数</translation>
    </message>
    <message>
        <location filename="../ui/widgets/train_config_form.cpp" line="625"/>
        <source>%1: &apos;%2&apos; is not a whole number</source>
        <translation>%1：“%2”不是整数</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainerEvent</name>
    <message>
        <location filename="../ui/jobs/trainer_event.cpp" line="25"/>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <location filename="../ui/jobs/trainer_event.cpp" line="31"/>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <location filename="../ui/jobs/trainer_event.cpp" line="44"/>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <location filename="../ui/jobs/trainer_event.cpp" line="54"/>
        <source>an object</source>
        <translation>对象</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingCharts</name>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="26"/>
        <location filename="../ui/widgets/training_charts.cpp" line="47"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="26"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="28"/>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="30"/>
        <source>held-out</source>
        <translation>留出集</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="37"/>
        <location filename="../ui/widgets/training_charts.cpp" line="48"/>
        <location filename="../ui/widgets/training_charts.cpp" line="194"/>
        <source>Held-out metrics</source>
        <translation>留出集指标</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="37"/>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="38"/>
        <location filename="../ui/widgets/training_charts.cpp" line="49"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="38"/>
        <location filename="../ui/widgets/training_charts.cpp" line="40"/>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="60"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_charts.cpp" line="193"/>
        <source>Held-out metrics (none yet: set a held-out share or files)</source>
        <translation>留出集指标（暂无：请设置留出比例或文件）</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingDialog</name>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="43"/>
        <source>Fine-tune Face-LLaVA</source>
        <translation>微调 Face-LLaVA</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="59"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="60"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="61"/>
        <source>Output &amp;&amp; resume</source>
        <translation>输出与续训</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="62"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="230"/>
        <source>The settings cannot be saved</source>
        <translation>无法保存设置</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="230"/>
        <location filename="../ui/dialogs/training_dialog.cpp" line="249"/>
        <source>Correct these fields first.</source>
        <translation>请先修正这些字段。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="124"/>
        <source>Saved the settings to %1 (use it with `facellava train --config`).</source>
        <translation>设置已保存到 %1（可用于 `facellava train --config`）。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="132"/>
        <source>Loaded the settings of %1.</source>
        <translation>已加载 %1 的设置。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="247"/>
        <source>The training cannot start</source>
        <translation>无法开始训练</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="267"/>
        <source>The training settings are incomplete</source>
        <translation>训练设置不完整</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="269"/>
        <source>Fix the settings listed, then Start again.</source>
        <translation>请修正所列设置，然后重新开始。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="273"/>
        <source>The trainer program was not found</source>
        <translation>未找到训练程序</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="275"/>
        <source>Build or install `facellava` next to the workbench, or set the FACELLAVA_CLI environment variable to its path.</source>
        <translation>请在工作台旁边构建或安装 `facellava`，或将环境变量 FACELLAVA_CLI 设置为它的路径。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="398"/>
        <source>The charts follow the run in progress; look at past runs when it ends.</source>
        <translation>图表跟随正在进行的运行；运行结束后可查看以往的运行。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/training_dialog.cpp" line="407"/>
        <source>Curves of run %1 (%2).</source>
        <translation>运行 %1 的曲线（%2）。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingHistoryView</name>
    <message>
        <location filename="../ui/widgets/training_history_view.cpp" line="30"/>
        <source>Show curves</source>
        <translation>显示曲线</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_history_view.cpp" line="31"/>
        <source>Use its settings</source>
        <translation>使用其设置</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_history_view.cpp" line="32"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_history_view.cpp" line="71"/>
        <source>Open a session to keep a history of training runs.</source>
        <translation>打开会话以保留训练运行的历史记录。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_history_view.cpp" line="74"/>
        <source>Training runs started from this session, newest first.</source>
        <translation>从此会话启动的训练运行，最新的在前。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_history_view.cpp" line="85"/>
        <source>training run %1</source>
        <translation>训练运行 %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_history_view.cpp" line="87"/>
        <source>The run&apos;s settings cannot be used</source>
        <translation>无法使用该运行的设置</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingJob</name>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="48"/>
        <source>step %1 / %2</source>
        <translation>第 %1 / %2 步</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="49"/>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="68"/>
        <source>The trainer could not be started</source>
        <translation>无法启动训练器</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="69"/>
        <source>Build or install the `facellava` program next to the workbench, or point FACELLAVA_CLI at it.</source>
        <translation>请在工作台旁边构建或安装 `facellava` 程序，或让 FACELLAVA_CLI 指向它。</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="150"/>
        <source>cannot create the folder</source>
        <translation>无法创建文件夹</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="163"/>
        <source>The output folder cannot be prepared</source>
        <translation>无法准备输出文件夹</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="164"/>
        <source>Choose a folder you can write to.</source>
        <translation>请选择一个可写入的文件夹。</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="256"/>
        <source>started %1 processes</source>
        <translation>已启动 %1 个进程</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="256"/>
        <source>started</source>
        <translation>已启动</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="323"/>
        <location filename="../ui/jobs/training_job.cpp" line="351"/>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="326"/>
        <source>Read the trainer&apos;s output in the dialog, fix the setting or file it names, then Start again (or Resume from a checkpoint).</source>
        <translation>请阅读对话框中训练器的输出，修正其指出的设置或文件，然后重新开始（或从检查点继续）。</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="345"/>
        <source>the trainer crashed without reporting an outcome</source>
        <translation>训练器崩溃，未报告结果</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="346"/>
        <source>the trainer exited with code %1 without reporting an outcome</source>
        <translation>训练器以代码 %1 退出，未报告结果</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="352"/>
        <source>Read the trainer&apos;s output in the dialog, then Start again (or Resume from a checkpoint).</source>
        <translation>请阅读对话框中训练器的输出，然后重新开始（或从检查点继续）。</translation>
    </message>
    <message>
        <location filename="../ui/jobs/training_job.cpp" line="372"/>
        <source>aborted by the user</source>
        <translation>被用户中止</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingMetricsModel</name>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="226"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="336"/>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="349"/>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="351"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="353"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="355"/>
        <source>Grad norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="357"/>
        <source>Tokens/s</source>
        <translation>词元/秒</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="359"/>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location filename="../ui/models/training_metrics_model.cpp" line="361"/>
        <source>ETA</source>
        <translation>预计剩余</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingOutputPage</name>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="26"/>
        <source>Resume</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="30"/>
        <source>Start fresh, or continue from a checkpoint of the output folder</source>
        <translation>重新开始，或从输出文件夹中的检查点继续</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="31"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="52"/>
        <source>Fresh run (no resume)</source>
        <translation>全新运行（不继续）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="53"/>
        <source>The newest checkpoint (latest)</source>
        <translation>最新的检查点（latest）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="85"/>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="87"/>
        <source> of %1</source>
        <translation> / %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="91"/>
        <source> · loss %1</source>
        <translation> · 损失 %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="93"/>
        <source> (latest)</source>
        <translation>（最新）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="95"/>
        <source> — incomplete</source>
        <translation> — 不完整</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_output_page.cpp" line="102"/>
        <source>This folder holds %1 checkpoint(s) of an earlier run. A fresh run starts its metrics over and may replace them; choose one under Resume to continue instead.</source>
        <translation>此文件夹包含先前运行的 %1 个检查点。全新运行会重新开始记录指标，并可能替换它们；如要继续，请改在“继续训练”中选择一个。</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingProgressPanel</name>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="39"/>
        <source>Process</source>
        <translation>进程</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="39"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="50"/>
        <source>The trainer&apos;s output shows here.</source>
        <translation>训练器的输出显示在这里。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="82"/>
        <source>Choose the data, the base checkpoint and an output folder, then Start.</source>
        <translation>请选择数据、基础检查点和输出文件夹，然后点击“开始”。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="86"/>
        <source>Training in a separate process (%1). The workbench stays usable; Close only hides this window.</source>
        <translation>训练在单独的进程中运行（%1）。工作台仍可使用；“关闭”只会隐藏此窗口。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="92"/>
        <source>Stopping: the trainer finishes the current step and saves a checkpoint…</source>
        <translation>正在停止：训练器将完成当前步骤并保存检查点…</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="97"/>
        <source>Stopped the trainer without waiting for its checkpoint; the last saved checkpoint (if any) is still there.</source>
        <translation>已停止训练器而未等待其检查点；最后保存的检查点（如有）仍然保留。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="110"/>
        <source>Finished %1 steps in %2. Checkpoint: %3 (no model folder was written: turn on &quot;Write a model the chat can load&quot;).</source>
        <translation>已在 %2 内完成 %1 步。检查点：%3（未写出模型文件夹：请开启“写出对话可加载的模型”）。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="114"/>
        <source>Finished %1 steps in %2. The model is in %3; Load into chat uses it.</source>
        <translation>已在 %2 内完成 %1 步。模型位于 %3；“加载到对话”会使用它。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="122"/>
        <source>Aborted after %1 steps. No checkpoint was written (the run stopped before its first step ended, or was forced).</source>
        <translation>在 %1 步后中止。未写出检查点（运行在第一步结束前停止，或被强制停止）。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="125"/>
        <source>Aborted after %1 steps. The checkpoint was kept: %2. Choose it under Resume to continue.</source>
        <translation>在 %1 步后中止。检查点已保留：%2。在“继续训练”中选择它即可继续。</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="136"/>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="156"/>
        <source>launcher</source>
        <translation>启动器</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="156"/>
        <source>rank %1</source>
        <translation>rank %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="174"/>
        <source>Step %1 / %2</source>
        <translation>第 %1 / %2 步</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="174"/>
        <source>Step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="176"/>
        <source>loss %1</source>
        <translation>损失 %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="178"/>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="179"/>
        <source>GPU memory %1 GiB</source>
        <translation>GPU 显存 %1 GiB</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="179"/>
        <source>memory %1 GiB</source>
        <translation>内存 %1 GiB</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="181"/>
        <source>elapsed %1</source>
        <translation>已用 %1</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_progress_panel.cpp" line="183"/>
        <source>ETA %1</source>
        <translation>预计剩余 %1</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingRunButtons</name>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="11"/>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="48"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="13"/>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="39"/>
        <source>Abort</source>
        <translation>中止</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="15"/>
        <source>Load into chat</source>
        <translation>加载到对话</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="17"/>
        <source>Use the trained model in the chat</source>
        <translation>在对话中使用训练好的模型</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="18"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="19"/>
        <source>Hide this window; a run goes on</source>
        <translation>隐藏此窗口；运行会继续</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="41"/>
        <source>Stop after the current step; the trainer saves a checkpoint to resume from</source>
        <translation>在当前步骤后停止；训练器会保存一个可用于继续的检查点</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="48"/>
        <source>Resume</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="54"/>
        <source>Force stop</source>
        <translation>强制停止</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="55"/>
        <source>Kill the trainer now (no checkpoint of the current step)</source>
        <translation>立即终止训练器（不保存当前步骤的检查点）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="65"/>
        <source>Available when a run has written its model</source>
        <translation>在某次运行写出其模型后可用</translation>
    </message>
    <message>
        <location filename="../ui/widgets/training_run_buttons.cpp" line="66"/>
        <source>Use %1 in the chat</source>
        <translation>在对话中使用 %1</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TrainingRunsModel</name>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="24"/>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="26"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="28"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="30"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="32"/>
        <source>aborted</source>
        <translation>已中止</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="83"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="85"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="87"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="89"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="91"/>
        <source>Last loss</source>
        <translation>最后损失</translation>
    </message>
    <message>
        <location filename="../ui/models/training_runs_model.cpp" line="93"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
</context>
<context>
    <name>facellava::ui::TransportBar</name>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="32"/>
        <source>Back 1 s (Shift+Left)</source>
        <translation>后退 1 秒（Shift+Left）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="34"/>
        <source>Previous frame (Left)</source>
        <translation>上一帧（Left）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="36"/>
        <source>Play / pause (Space)</source>
        <translation>播放/暂停（Space）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="38"/>
        <source>Next frame (Right)</source>
        <translation>下一帧（Right）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="40"/>
        <source>Forward 1 s (Shift+Right)</source>
        <translation>前进 1 秒（Shift+Right）</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="45"/>
        <source>Scrub through the video</source>
        <translation>拖动浏览视频</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="57"/>
        <source>mm:ss.fff or #frame</source>
        <translation>mm:ss.fff 或 #帧</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="58"/>
        <source>Jump to a time (1:23.5) or a frame (#120); press Enter</source>
        <translation>跳转到某个时间（1:23.5）或某一帧（#120）；按 Enter</translation>
    </message>
    <message>
        <location filename="../ui/widgets/transport_bar.cpp" line="76"/>
        <source>“%1” is not a timecode: type 1:23.5, 83.5 or #120</source>
        <translation>“%1”不是时间码：请输入 1:23.5、83.5 或 #120</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="102"/>
        <source>Study faces with Face-LLaVA.</source>
        <translation>用 Face-LLaVA 研究人脸。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="106"/>
        <source>An image or video to open.</source>
        <translation>要打开的图像或视频。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="107"/>
        <source>Open FILE.</source>
        <translation>打开 FILE。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="111"/>
        <source>Save the window to PNG once idle, then quit.</source>
        <translation>空闲后将窗口保存为 PNG，然后退出。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="113"/>
        <source>With --screenshot: ask QUESTION first.</source>
        <translation>与 --screenshot 一起使用：先提出 QUESTION。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="116"/>
        <source>Use this Face-LLaVA checkpoint folder.</source>
        <translation>使用此 Face-LLaVA 检查点文件夹。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="119"/>
        <source>Window size, e.g. 1600x1000.</source>
        <translation>窗口大小，例如 1600x1000。</translation>
    </message>
</context>
</TS>
