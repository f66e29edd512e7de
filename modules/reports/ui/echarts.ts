/**
 * The parts of Apache ECharts the reports draw, registered once: the SVG renderer (crisp on a
 * wall screen and in screenshots, readable by assistive technology), five chart types and the
 * components they use.. Loaded lazily with the
 * first chart, so screens without charts do not carry it.
 */
import { init, use } from 'echarts/core'
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'

use([BarChart, LineChart, PieChart, HeatmapChart, AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, VisualMapComponent, SVGRenderer])

export { init }
