# ruff: noqa: E501 - HTML kept as the site would write it
"""Static site chrome of the sample portal: styles, navigation, ads, sidebars and footers.

Nothing here depends on the articles, so pages that embed it stay byte-identical as the site
grows. It is the noise a real portal wraps around its news and the extractor has to drop.
"""

from __future__ import annotations

SITE_NAME = "开发区招商网"

MAIN_STYLE = """<style type="text/css">
body{margin:0;padding:0;font:12px/1.8 "宋体",SimSun,Arial;color:#333;background:#f4f4f4}
a{color:#333;text-decoration:none}a:hover{color:#c00;text-decoration:underline}
#top{width:1000px;margin:0 auto;height:90px;background:#fff}
#top .logo{float:left;padding:18px 0 0 10px}#top .hotline{float:right;padding:30px 10px 0 0}
#nav{width:1000px;margin:0 auto;height:36px;background:#1d5aa8}
#nav li{float:left;list-style:none;line-height:36px;padding:0 14px}
#nav li a{color:#fff;font-size:14px;font-weight:bold}
#main{width:1000px;margin:8px auto;background:#fff;overflow:hidden}
.position{height:30px;line-height:30px;border-bottom:1px dotted #ccc;padding-left:10px}
.left{float:left;width:700px;padding:10px}.right{float:right;width:260px;padding:10px}
.article h1{font-size:22px;text-align:center;color:#0b3b8c;line-height:36px}
.article .info{text-align:center;color:#888;border-bottom:1px solid #ddd;padding:6px 0}
.article .content{font-size:14px;line-height:2;padding:12px 8px}
.list li{height:28px;line-height:28px;border-bottom:1px dashed #ddd;list-style:none}
.list li span{float:right;color:#999}.page{text-align:center;padding:12px 0}
.page a,.page span{border:1px solid #ccc;padding:2px 6px;margin:0 2px}
.side-box{border:1px solid #dce6f4;margin-bottom:10px}.side-box h3{background:#e9f0fa;margin:0}
#footer{width:1000px;margin:0 auto;text-align:center;color:#666;padding:14px 0;background:#fff}
.ad{margin:6px auto;text-align:center}.share{text-align:right;color:#999}
</style>"""

MAIN_SCRIPT = """<script type="text/javascript">
var _site = {name: 'kfq', version: '3.2.1'};
function setFont(size){var c=document.getElementById('content');if(c){c.style.fontSize=size+'px';}}
function addFav(){try{window.external.addFavorite(location.href,document.title);}catch(e){}}
</script>"""

MAIN_TOP = f"""<div id="top">
<div class="logo"><a href="/"><img src="/images/logo.gif" alt="{SITE_NAME}" border=0></a></div>
<div class="hotline">招商热线：400-000-0000 &nbsp;|&nbsp; <a href="javascript:addFav()">加入收藏</a>
 &nbsp;|&nbsp; <a href="/sitemap.html">网站地图</a></div>
</div>
<UL id="nav">
<LI><a href="/">首页</a>
<LI><a href="/kfq/index.html">开发区新闻</a>
<LI><a href="/zsxm/">招商项目</a>
<LI><a href="/zcfg/">政策法规</a>
<LI><a href="/yqfc/">园区风采</a>
<LI><a href="/tzzn/">投资指南</a>
<LI><a href="/zt/">专题报道</a>
<LI><a href="/lxwm/">联系我们</a>
</UL>
<div class="ad"><a href="/ad/click.html?id=12" target="_blank"><img src="/ad/banner_960x90.gif"
 width=960 height=90 alt="诚邀投资 共创未来——园区招商推介会火热报名中"></a></div>"""

MAIN_SIDEBAR = """<div class="right">
<div class="side-box"><h3>热点专题</h3><ul>
<li><a href="/zt/yshj/">优化营商环境专题</a></li>
<li><a href="/zt/zsyz/">招商引资“一号工程”</a></li>
<li><a href="/zt/kfqgg/">开发区体制机制改革</a></li>
<li><a href="/zt/lsfz/">绿色低碳发展</a></li>
</ul></div>
<div class="side-box ad"><a href="/ad/click.html?id=7"><img src="/ad/side_260x200.jpg"
 alt="标准厂房出租 拎包入驻"></a><p>广告热线：010-0000 0000</p></div>
<div class="side-box"><h3>友情链接</h3><ul>
<li><a href="http://www.example.com/">中国开发区协会（示例）</a></li>
<li><a href="http://www.example.org/">园区投资服务平台（示例）</a></li>
<li><a href="http://www.example.net/">产业地图（示例）</a></li>
</ul></div>
</div>"""

MAIN_FOOTER = f"""<div id="footer">
<p><a href="/about/">关于我们</a> | <a href="/lxwm/">与我们联系</a> | <a href="/sitemap.html">网站地图</a>
 | <a href="/mzsm/">免责声明</a> | <a href="/ad/">广告服务</a></p>
<p>地址：北京市某区某路1号 &nbsp; 邮编：100000 &nbsp; 电话：010-0000 0000 &nbsp; 邮箱：info@example.com</p>
<p>Copyright &copy; 2004-2024 {SITE_NAME} 版权所有 &nbsp; 京ICP备00000000号</p>
</div>
<script type="text/javascript" src="/js/stat.js"></script>"""

SHARE = """<div class="share">【字体：<a href="javascript:setFont(16)">大</a> <a
 href="javascript:setFont(14)">中</a> <a href="javascript:setFont(12)">小</a>】 &nbsp;
<a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>"""

BODY_SCRIPT = """<script type="text/javascript">
document.write('<span class="hits">阅读次数：' + Math.floor(Math.random() * 1000) + '</span>');
</script>"""

OTHER_STYLE = """<style>
body{font-family:"Microsoft YaHei",sans-serif;margin:0;color:#222}
header{background:#005bac;color:#fff;padding:12px 24px}header a{color:#fff;margin-right:18px}
.wrap{max-width:1100px;margin:0 auto;padding:0 16px}.location{padding:10px 0;color:#666}
table.newslist{width:100%;border-collapse:collapse}table.newslist td{border-bottom:1px solid #eee;padding:6px}
.detail-title{text-align:center;font-size:24px}.detail-info{text-align:center;color:#888}
.detail-content p{text-indent:2em;line-height:2}.detail-nav{list-style:none;padding:0}
footer{background:#f2f2f2;color:#666;text-align:center;padding:16px;margin-top:24px}
</style>"""

OTHER_HEADER = """<header><div class="wrap"><strong>苏州工业园区（示例站点）</strong>
<nav><a href="/other/">首页</a><a href="/other/news.html">园区动态</a><a href="/other/notice.html">通知公告</a>
<a href="/other/invest.html">投资园区</a><a href="/other/service.html">政务服务</a></nav></div></header>"""

OTHER_FOOTER = """<footer><div class="wrap"><p>主办单位：园区管委会（示例） &nbsp; 地址：江苏省苏州市某路1号</p>
<p>版权所有 &copy; 园区管委会 &nbsp; 联系电话：0512-0000 0000 &nbsp; 苏ICP备00000000号</p></div></footer>"""
